import type { AlertNotification, IngestProblem } from '../../src/domain/index.ts';
import { parseAlertmanager, parsePagerduty } from '../../src/ingest/index.ts';
import type { AlertSnapshot } from './alert-snapshot.ts';

/** Which format a JSONL text holds. */
export type AlertFileFormat = 'alertmanager' | 'pagerduty';

/**
 * Adds one JSONL text of Alertmanager payloads or PagerDuty V3 events to `into`: the normalized
 * notifications (through the `src/ingest` parsers) and each raw line that yielded one, timed by
 * `receivedAtMs(line)` when known (it then also stands as the notifications' send time), else by its
 * latest notification time. Bad lines become problems.
 */
export function addAlertFile(
  into: AlertSnapshot,
  format: AlertFileFormat,
  file: string,
  text: string,
  receivedAtMs: (line: number) => number | undefined = () => undefined,
): void {
  const parsed = format === 'alertmanager' ? parseAlertmanager(text, file) : parsePagerduty(text, file);
  // A known receipt time is when the notification was sent, which the payload itself does not say.
  into.notifications.push(...parsed.alerts.map((a) => ({ ...a, notifiedAtMs: receivedAtMs(lineOf(a)) ?? a.notifiedAtMs })));
  into.problems.push(...parsed.problems.map(describeProblem));
  const timeByLine = latestTimeByLine(parsed.alerts);
  if (timeByLine.size === 0) return;
  const lines = text.split('\n');
  for (const [line, notifiedAtMs] of timeByLine) {
    const value = JSON.parse(lines[line - 1] ?? 'null') as Record<string, unknown>;
    into[format].push({ timeMs: receivedAtMs(line) ?? notifiedAtMs, value });
  }
}

function latestTimeByLine(alerts: readonly AlertNotification[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const a of alerts) {
    const line = lineOf(a);
    times.set(line, Math.max(times.get(line) ?? Number.NEGATIVE_INFINITY, a.notifiedAtMs));
  }
  return times;
}

function lineOf(alert: AlertNotification): number {
  return Number(alert.ref.slice(alert.ref.lastIndexOf(':') + 1));
}

function describeProblem(p: IngestProblem): string {
  return `${p.file} ${p.field}: ${p.message}`;
}
