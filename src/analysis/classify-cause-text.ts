import type { RootCauseKind } from '../domain/index.ts';

/**
 * Root-cause kinds that a piece of text (log line, alert name or annotation) points at, from the
 * vocabulary engineers and systems use for each. Order matters: the first match wins, so specific
 * causes (an expired certificate) come before generic ones (a timeout).
 */
const KIND_PATTERNS: ReadonlyArray<[RootCauseKind, RegExp]> = [
  ['certificate', /x509|certificate|cert(ificate)? (has )?expired|tls handshake|ssl|handshake fail/i],
  ['security', /waf|brute.?force|credential stuffing|suspicious|blocked ip|ddos|malicious|intrusion|bot traffic|failed logins?|login fail|too many login|account takeover|exfiltrat/i],
  ['credential', /unauthori[sz]ed|\b401\b|\b403\b|forbidden|invalid (api )?(key|token|credential|secret|password)|authentication fail|auth\w* .{0,30}fail|auth(entication)? error|invalid_api_key|api[_ ]key|access denied|signature (does not match|mismatch)|expired token|token expired|invalid_grant|permission denied|credential|secret/i],
  ['resource-leak', /out ?of ?memory|\boom\b|oomkill|heap (space|exhausted|limit)|memory (leak|limit|pressure)|gc overhead|file descriptors|too many open files|goroutine leak|thread leak/i],
  ['database', /deadlock|lock wait|too many connections|connection pool (exhausted|timeout)|pool exhausted|replication|replica|slow query|sql|postgres|mysql|database|\bdb\b|could not obtain connection|statement timeout|migration/i],
  ['feature-flag', /feature.?flag|\bflag\b|toggle|experiment|rollout percentage/i],
  ['config', /config(uration)?|invalid setting|missing (env|setting|key)|parse error in|unknown option|misconfigur/i],
  ['retry-storm', /retry|retries|retrying|backoff|thundering herd|amplification/i],
  // Envoy's "upstream connect error … reset reason: connection termination" is the network; "… overflow" is a full circuit breaker.
  ['network', /connection reset|no route to host|(network|host) unreachable|packet loss|dns|name resolution|econnreset|ehostunreach|etimedout|enotfound|eai_again|i\/o timeout|connect(ion)? timed out|connect timeout|socket hang up|broken pipe|connection refused|reset reason: (connection (termination|failure|timeout)|remote (connection )?failure)|tcp|network/i],
  ['capacity', /reset reason: overflow|rate limit|throttl|429|capacity|saturat|overload|queue full|too many requests|cpu throttl|autoscal|insufficient|load shedding|shedding load|dropping request|inflight/i],
  ['cost', /cost|budget|billing|spend/i],
];

/** Whether `text` uses `kind`'s vocabulary at all, even where another kind's comes first ("retrying orders-db"). */
export function speaksOfKind(text: string, kind: RootCauseKind): boolean {
  return KIND_PATTERNS.some(([k, pattern]) => k === kind && pattern.test(text));
}

export function classifyCauseText(text: string): RootCauseKind | undefined {
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  return undefined;
}
