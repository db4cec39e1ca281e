import { z } from 'zod';
import type { AlertNotification, IngestProblem } from '../domain/index.ts';
import { LabelMapSchema } from './label-map-schema.ts';
import { parseJsonLines } from './parse-json-lines.ts';
import { parseRfc3339Ms } from './parse-rfc3339.ts';
import { pickLabel } from './pick-label.ts';
import { TimestampMsSchema } from './timestamp-ms-schema.ts';
import { zodLineProblem } from './zod-line-problem.ts';

/** Labels that name the service an alert is about, in order of preference. */
export const ALERT_SERVICE_LABELS = ['service', 'service_name', 'app', 'job', 'deployment'] as const;

/** Alertmanager's zero time (`0001-01-01T00:00:00Z`) and anything before 1970 mean "not ended". */
const EndsAtSchema = z
  .string()
  .nullish()
  .transform((text, ctx) => {
    if (text === undefined || text === null || text === '') return undefined;
    const ms = parseRfc3339Ms(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'an RFC 3339 timestamp', input: text });
      return z.NEVER;
    }
    return ms > 0 ? ms : undefined;
  });

const StatusSchema = z.enum(['firing', 'resolved']);

const AlertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  status: StatusSchema.optional(),
  alerts: z.array(
    z.object({
      status: StatusSchema.optional(),
      labels: LabelMapSchema,
      annotations: LabelMapSchema,
      startsAt: TimestampMsSchema,
      endsAt: EndsAtSchema,
      fingerprint: z.string().optional(),
    }),
  ),
});

/** Alerts read from one file, plus the lines that had to be skipped. */
export interface ParsedAlerts {
  alerts: AlertNotification[];
  problems: IngestProblem[];
}

/**
 * Parses an `alerts/*.jsonl` file of Alertmanager webhook payloads (one per line, as POSTed) into one
 * AlertNotification per `alerts[]` entry, re-sends included (analysis deduplicates). A bad line is a
 * problem and is skipped. Alertmanager sends no send time: `notifiedAtMs` is endsAt when resolved, else startsAt.
 * @param file bundle-relative path (`alerts/prod.jsonl`), used in refs and problems.
 */
export function parseAlertmanager(text: string, file: string): ParsedAlerts {
  const problems: IngestProblem[] = [];
  const alerts: AlertNotification[] = [];
  for (const { line, value } of parseJsonLines(file, text, problems)) {
    const parsed = AlertmanagerPayloadSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(zodLineProblem(file, line, parsed.error, value));
      continue;
    }
    for (const a of parsed.data.alerts) {
      const status = a.status ?? parsed.data.status ?? 'firing';
      alerts.push({
        origin: 'alertmanager',
        fingerprint: a.fingerprint || labelsFingerprint(a.labels),
        status,
        name: a.labels.alertname || a.annotations.summary || '(no alertname)',
        service: pickLabel(a.labels, ALERT_SERVICE_LABELS),
        severity: a.labels.severity || undefined,
        labels: a.labels,
        annotations: a.annotations,
        startsAtMs: a.startsAt,
        endsAtMs: a.endsAt,
        notifiedAtMs: status === 'resolved' ? (a.endsAt ?? a.startsAt) : a.startsAt,
        ref: `${file}:${line}`,
      });
    }
  }
  return { alerts, problems };
}

/** Stand-in fingerprint when a payload lacks one: FNV-1a of the sorted label set, as 16 hex digits. */
function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(labels).sort().map((k) => `${k}\u0000${labels[k]}`).join('\u0001');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
