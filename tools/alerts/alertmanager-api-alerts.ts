import { z } from 'zod';
import type { AlertNotification } from '../../src/domain/index.ts';
import { ALERT_SERVICE_LABELS, parseRfc3339Ms } from '../../src/ingest/index.ts';
import { BackendUnavailableError } from '../shared/backend-unavailable-error.ts';

const GettableAlertSchema = z.looseObject({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  updatedAt: z.string().optional(),
  fingerprint: z.string(),
});

/**
 * Fetches `GET {baseUrl}/api/v2/alerts` (Alertmanager API v2: active, silenced and inhibited alerts) as
 * AlertNotifications: firing unless endsAt has passed; notified at updatedAt. Throws
 * BackendUnavailableError when Alertmanager cannot be reached or answers badly.
 */
export async function fetchAlertmanagerAlerts(baseUrl: string, nowMs: number, timeoutMs = 10_000): Promise<AlertNotification[]> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v2/alerts`;
  const unavailable = (detail: string) => new BackendUnavailableError(`Alertmanager at ${baseUrl}`, detail, 'Check ALERTMANAGER_URL and that Alertmanager is up, then retry.');
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unavailable(`GET ${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
  }
  if (!response.ok) throw unavailable(`GET ${url} answered HTTP ${response.status}`);
  const parsed = z.array(GettableAlertSchema).safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw unavailable(`GET ${url} did not return an array of alerts`);
  return parsed.data.map((a): AlertNotification => {
    const startsAtMs = parseRfc3339Ms(a.startsAt) ?? nowMs;
    const endsAtMs = a.endsAt === undefined ? undefined : parseRfc3339Ms(a.endsAt);
    const resolved = endsAtMs !== undefined && endsAtMs > 0 && endsAtMs <= nowMs;
    return {
      origin: 'alertmanager',
      fingerprint: a.fingerprint,
      status: resolved ? 'resolved' : 'firing',
      name: a.labels.alertname ?? '(no alertname)',
      service: ALERT_SERVICE_LABELS.map((k) => a.labels[k]).find((v) => v),
      severity: a.labels.severity || undefined,
      labels: a.labels,
      annotations: a.annotations,
      startsAtMs,
      endsAtMs: resolved ? endsAtMs : undefined,
      notifiedAtMs: (a.updatedAt === undefined ? undefined : parseRfc3339Ms(a.updatedAt)) ?? startsAtMs,
      ref: `${url}#${a.fingerprint}`,
    };
  });
}
