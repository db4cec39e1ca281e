import type { ChatMessage } from '../domain/index.ts';

export type ChatRole = 'filler' | 'claim' | 'mitigation' | 'resolution' | 'action' | 'question' | 'report' | 'bot' | 'other';

/** A chat message with what it does in the incident conversation and which services it names. */
export interface ClassifiedChat {
  message: ChatMessage;
  role: ChatRole;
  services: string[];
  /** For claims: true when the message rules a service out ("search looks fine"). */
  negated: boolean;
}

const FILLER = /^(\+1|\+\d|:\+1:|:eyes:|:pray:|:thumbsup:|👍|👀|🙏|ack|ok(ay)?|k|kk|thx|thanks?( you)?!?|ty|on it|here|same|me too|following|lurking|brb|back|joining( late)?( sorry)?|sorry,? joining late|any update\??|any news\??|what'?s the status\??|watching|👋|hi|hello|morning|lol|yes|no|yep|nope|\.+)[.!]*$/i;
const CLAIM = /\b(it'?s|it is|caused by|because of|due to|culprit|root cause|looks like|suspect|probably|must be|blame|i think|pretty sure|smells like|my bet|related to|triggered by|started (right )?after|since the)\b/i;
const NEGATION = /\b(not|isn'?t|wasn'?t|ruled out|rule out|looks (fine|healthy|ok|good)|is (fine|healthy|ok|green)|unrelated|red herring|no change|nothing changed)\b/i;
const MITIGATION = /\b(rolled back|rollback (is )?(done|complete|finished)|revert(ed)? (is )?(done|complete|out)|mitigat(ed|ion (is )?in place)|error(s| rate)? (are |is )?(dropping|down|back|recover|normal)|back to normal|recover(ed|ing)|looks (good|better|healthy) now|flag (is )?(off|disabled)|disabled the flag|failover (done|complete)|traffic (is )?(back|recovering)|latency (is )?(back|down)|stabili[sz]ed)\b/i;
const RESOLUTION = /\b(resolved|all clear|closing (the |this )?(incident|channel)|incident (is )?(over|closed)|we'?re done|marking (as )?resolved|fully recovered)\b/i;
const ACTION = /\b(rolling back|roll back|reverting|restarting|restart(ed)?|scaling|scaled|failing over|disabling|toggling|flipping|draining|paging|deploying|rotating|bumping|increasing|pausing)\b/i;
const REPORT = /\b(seeing|getting|customers|users|errors?|5\d\d|timeouts?|failing|down|broken|slow|latency|alert(s|ing)?|paged|spike|elevated)\b/i;

/** Classifies one message; `serviceNames` are the services the analysis knows (lower-case). */
export function classifyChat(message: ChatMessage, serviceNames: ReadonlySet<string>): ClassifiedChat {
  const text = message.text.trim();
  const services = mentionedServices(text, serviceNames);
  const negated = NEGATION.test(text);
  const role = roleOf(message, text, services);
  return { message, role, services, negated };
}

function roleOf(message: ChatMessage, text: string, services: string[]): ChatRole {
  if (message.isBot) return 'bot';
  if (message.subtype && message.subtype !== 'thread_broadcast') return 'filler';
  if (text.length === 0 || FILLER.test(text)) return 'filler';
  if (RESOLUTION.test(text)) return 'resolution';
  if (MITIGATION.test(text)) return 'mitigation';
  if (services.length > 0 && (CLAIM.test(text) || NEGATION.test(text))) return 'claim';
  if (ACTION.test(text)) return 'action';
  if (/\?\s*$/.test(text)) return 'question';
  if (REPORT.test(text)) return 'report';
  return 'other';
}

/**
 * Service names that occur in the text as whole words (`payments`, `#payments`, `payments-api`, and
 * `payments` inside `payments-api`). `serviceNames` must be lower-case.
 */
export function mentionedServices(text: string, serviceNames: ReadonlySet<string> | readonly string[]): string[] {
  const names = serviceNames instanceof Set ? serviceNames : new Set(serviceNames as readonly string[]);
  const found = new Set<string>();
  for (const token of text.toLowerCase().split(/[^a-z0-9_:.-]+/)) {
    if (token.length < 3) continue;
    const word = trimEdgePunctuation(token);
    if (word.length < 3) continue;
    // `payments`, `payments.prod.internal` (a host name), `payments-worker` (a part of it).
    const host = beforeFirst(word, '.');
    const head = beforeFirst(host, '-');
    for (const candidate of [word, host, head]) {
      if (candidate.length >= 3 && names.has(candidate)) { found.add(candidate); break; }
    }
  }
  return [...found];
}

/** `token` without leading and trailing `.`, `:` and `-` (sentence ends, `#payments:`). */
function trimEdgePunctuation(token: string): string {
  const isEdge = (c: number) => c === 46 || c === 58 || c === 45; // . : -
  let start = 0;
  let end = token.length;
  while (start < end && isEdge(token.charCodeAt(start))) start++;
  while (end > start && isEdge(token.charCodeAt(end - 1))) end--;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

function beforeFirst(text: string, separator: string): string {
  const at = text.indexOf(separator);
  return at === -1 ? text : text.slice(0, at);
}
