import type { LogEntry } from '../domain/index.ts';

/** A templated error/warning message of one service and how its rate changed during the incident. */
export interface LogPattern {
  service: string;
  template: string;
  /** One real line, for humans. */
  example: string;
  level: string;
  baselineCount: number;
  incidentCount: number;
  /** First occurrence inside the incident window. */
  firstSeenMs: number;
  /** True when the pattern never appeared during the baseline. */
  isNew: boolean;
  refs: string[];
}

const NOISY_LEVELS = new Set(['error', 'err', 'fatal', 'critical', 'crit', 'panic', 'emergency', 'alert', 'warn', 'warning']);
const ERROR_WORDS = /\b(error|exception|fail(ed|ure)?|fatal|panic|refused|timed? ?out|timeout|denied|unauthori[sz]ed|forbidden|expired|invalid|oom|killed|unavailable|reset|too many|exhausted|rejected|deadlock)\b/i;

/**
 * The message of a log line: the `msg`/`message`/`error` field of a JSON or logfmt line, or the line
 * without its leading timestamp, level and thread for plain text.
 */
export function extractLogMessage(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const record = JSON.parse(trimmed) as Record<string, unknown>;
      const message = [record.msg, record.message, record.error, record.err, record.exception].filter((v) => typeof v === 'string').join(': ');
      if (message) return message;
    } catch {
      // not JSON after all: template the raw line
    }
  }
  const logfmt = /(?:^|\s)msg="((?:[^"\\]|\\.)*)"/.exec(trimmed) ?? /(?:^|\s)msg=(\S+)/.exec(trimmed);
  const err = /(?:^|\s)(?:err|error)="((?:[^"\\]|\\.)*)"/.exec(trimmed);
  if (logfmt) return err ? `${logfmt[1]}: ${err[1]}` : logfmt[1]!;
  return trimmed
    .replace(/^\d{4}-\d{2}-\d{2}[T ][\d:.,]+Z?\s*/, '')
    .replace(/^(?:\[?(?:TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL|CRITICAL)\]?:?\s+)/, '')
    .replace(/^\[[^\]]{1,60}\]\s*/, '');
}

/** Replaces the variable parts of a log message (ids, numbers, addresses, values) with placeholders. */
export function templateLogLine(line: string): string {
  return extractLogMessage(line)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?\b/g, '<time>')
    .replace(/\b(\w+)=(?:"[^"]*"|'[^']*'|[^\s,;)]+)/g, '$1=<v>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<hex>')
    .replace(/"[^"]{0,80}"|'[^']{0,80}'/g, '<str>')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m|h|us|µs|ns|kb|mb|gb|%)?\b/gi, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function isErrorLike(entry: LogEntry): boolean {
  return NOISY_LEVELS.has(entry.level) || ERROR_WORDS.test(entry.line);
}

/**
 * Groups error-like lines by (service, template) and compares their count before `baselineEndMs`
 * with their count inside [windowStartMs, windowEndMs], scaled to the same duration. Returns the
 * patterns that are new or at least 5× more frequent in the window, most surprising first.
 */
export function findLogPatterns(
  logs: readonly LogEntry[],
  baselineStartMs: number,
  baselineEndMs: number,
  windowStartMs: number,
  windowEndMs: number,
): LogPattern[] {
  const groups = new Map<string, LogPattern>();
  for (const entry of logs) {
    if (!isErrorLike(entry)) continue;
    const inBaseline = entry.timeMs < baselineEndMs;
    const inWindow = entry.timeMs >= windowStartMs && entry.timeMs <= windowEndMs;
    if (!inBaseline && !inWindow) continue;
    const template = templateLogLine(entry.line);
    const key = `${entry.service}\u0000${template}`;
    let group = groups.get(key);
    if (!group) {
      group = { service: entry.service, template, example: entry.line, level: entry.level, baselineCount: 0, incidentCount: 0, firstSeenMs: Number.POSITIVE_INFINITY, isNew: true, refs: [] };
      groups.set(key, group);
    }
    if (inBaseline) {
      group.baselineCount++;
      group.isNew = false;
    } else {
      group.incidentCount++;
      if (entry.timeMs < group.firstSeenMs) {
        group.firstSeenMs = entry.timeMs;
        group.example = entry.line;
      }
      if (group.refs.length < 3) group.refs.push(entry.ref);
    }
  }
  const scale = Math.max(1, windowEndMs - windowStartMs) / Math.max(1, baselineEndMs - baselineStartMs);
  return [...groups.values()]
    .filter((g) => g.incidentCount >= 2 && (g.isNew || g.incidentCount >= 5 * g.baselineCount * scale + 2))
    .sort((a, b) => surprise(b, scale) - surprise(a, scale));
}

function surprise(p: LogPattern, scale: number): number {
  return Math.log1p(p.incidentCount) - Math.log1p(p.baselineCount * scale);
}
