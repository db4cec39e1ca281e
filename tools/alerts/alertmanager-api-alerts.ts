import { z } from 'zod';
import { parseRfc3339Ms } from '../../src/ingest/index.ts';
import { BackendUnavailableError } from '../shared/backend-unavailable-error.ts';
import type { Timed } from './alert-snapshot.ts';

const GettableAlertSchema = z.looseObject({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  updatedAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string(),
});

/** `receiver` of the payloads made from the API, so a reader can tell them from delivered webhooks. */
export const ALERTMANAGER_API_RECEIVER = 'alertmanager-api-v2';
const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Fetches `GET {baseUrl}/api/v2/alerts` (Alertmanager API v2: the alerts it holds now) and expresses
 * each alert as the webhook payload Alertmanager would send for it (version "4", one alert,
 * `receiver: "alertmanager-api-v2"`): resolved when its endsAt has passed, else firing with the zero
 * endsAt; timed at its updatedAt. Throws BackendUnavailableError when Alertmanager cannot be reached or
 * answers badly.
 */
export async function fetchAlertmanagerAlerts(baseUrl: string, nowMs: number, timeoutMs = 10_000): Promise<Timed<Record<string, unknown>>[]> {
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
  return parsed.data.map((a) => {
    const startsAtMs = parseRfc3339Ms(a.startsAt) ?? nowMs;
    const endsAtMs = a.endsAt === undefined ? undefined : parseRfc3339Ms(a.endsAt);
    const resolved = endsAtMs !== undefined && endsAtMs > 0 && endsAtMs <= nowMs;
    const status = resolved ? 'resolved' : 'firing';
    const alert = {
      status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: resolved ? a.endsAt : ZERO_TIME,
      generatorURL: a.generatorURL ?? '',
      fingerprint: a.fingerprint,
    };
    const payload = {
      version: '4',
      groupKey: `api:${a.fingerprint}`,
      status,
      receiver: ALERTMANAGER_API_RECEIVER,
      groupLabels: {},
      commonLabels: a.labels,
      commonAnnotations: a.annotations,
      externalURL: baseUrl,
      alerts: [alert],
    };
    return { timeMs: (a.updatedAt === undefined ? undefined : parseRfc3339Ms(a.updatedAt)) ?? startsAtMs, value: payload };
  });
}
