import type { AlertNotification, ChangeEvent, ChatMessage, IncidentBundle, LogEntry, MetricSeries } from '../../domain/index.ts';

/** Test builders: small in-memory bundles without touching the disk. */
export const T0 = Date.parse('2026-03-04T12:00:00Z');
export const MIN = 60_000;

/** A series sampled every `stepMs` for `count` samples from `startMs`, values from `valueAt(i, timeMs)`. */
export function buildSeries(name: string, service: string, valueAt: (i: number, timeMs: number) => number, opts: { startMs?: number; stepMs?: number; count?: number; labels?: Record<string, string> } = {}): MetricSeries {
  const { startMs = T0, stepMs = 30_000, count = 480, labels = {} } = opts;
  const timesMs = new Float64Array(count);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    timesMs[i] = startMs + i * stepMs;
    values[i] = valueAt(i, timesMs[i]!);
  }
  return { name, service, labels: { service, ...labels }, timesMs, values, droppedSamples: 0, ref: `metrics/${service}.json#${name}${labels.upstream ? `:${labels.upstream}` : ''}` };
}

/** Deterministic pseudo-noise in [-1, 1] (no Math.random in tests either). */
export function noise(i: number, salt = 1): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** A step from `before` to `after` at `atMs` (and back at `untilMs`), with ±`jitter` noise. */
export function stepAt(before: number, after: number, atMs: number, untilMs = Infinity, jitter = 0.02, salt = 1) {
  return (i: number, t: number) => (t >= atMs && t < untilMs ? after : before) * (1 + jitter * noise(i, salt));
}

export function buildChange(id: string, service: string, type: string, timeMs: number, data: Record<string, unknown> = {}): ChangeEvent {
  return { id, type, service, timeMs, source: 'test', data, ref: `changes.jsonl:${id}`, ...(typeof data.description === 'string' ? { description: data.description } : {}), ...(typeof data.previousVersion === 'string' ? { previousVersion: data.previousVersion } : {}) };
}

export function buildAlert(fingerprint: string, name: string, service: string | undefined, status: 'firing' | 'resolved', startsAtMs: number, endsAtMs?: number): AlertNotification {
  return { origin: 'alertmanager', fingerprint, status, name, service, labels: { alertname: name, ...(service ? { service } : {}) }, annotations: { summary: `${name} on ${service ?? '?'}` }, startsAtMs, endsAtMs, notifiedAtMs: endsAtMs ?? startsAtMs, ref: `alerts/a.jsonl:${fingerprint}` };
}

let chatSeq = 0;
export function buildChat(userName: string, text: string, timeMs: number, isBot = false): ChatMessage {
  const ts = `${(timeMs / 1000).toFixed(0)}.${String(++chatSeq).padStart(6, '0')}`;
  return { id: `inc/${ts}`, channel: 'inc', ts, timeMs, userName, isBot, text, rawText: text, reactions: [] };
}

export function buildLog(service: string, level: string, line: string, timeMs: number): LogEntry {
  return { service, level, line, timeMs, labels: { service, level }, ref: `logs/${service}.json#0:${timeMs}` };
}

export function buildBundle(parts: Partial<IncidentBundle> & { openedAt?: string; resolvedAt?: string; services?: string[] }): IncidentBundle {
  const { openedAt = '2026-03-04T15:02:00Z', resolvedAt = '2026-03-04T15:40:00Z', services = [], ...rest } = parts;
  return {
    incident: { id: 'INC-1', title: 'Test incident', severity: 'sev2', openedAt, resolvedAt, services },
    users: [],
    chat: [],
    alerts: [],
    metrics: [],
    logs: [],
    changes: [],
    missingSources: [],
    problems: [],
    ...rest,
  };
}

/**
 * A raw Prometheus histogram (`http_request_duration_seconds_bucket{le}`, `_sum`, `_count`) of `perSample`
 * requests a sample: 90 % under 0.1 s and 10 % in (0.1, 0.5] before sample `slowFrom`, then 50 % under
 * 0.1 s, 40 % in (0.5, 1] and 10 % over 1 s. Counters are cumulative over time and over `le`.
 */
export function buildRawHistogram(service: string, slowFrom: number, opts: { stepMs?: number; count?: number; perSample?: number; startMs?: number } = {}): MetricSeries[] {
  const { perSample = 100, ...seriesOpts } = opts;
  const shares = (i: number) => (i < slowFrom ? [0.9, 0.1, 0, 0] : [0.5, 0, 0.4, 0.1]);
  const meanOf = (i: number) => (i < slowFrom ? 0.05 * 0.9 + 0.3 * 0.1 : 0.05 * 0.5 + 0.75 * 0.4 + 2 * 0.1);
  const cumulative = (perStep: (i: number) => number) => {
    const totals: number[] = [];
    return (i: number) => {
      for (let k = totals.length; k <= i; k++) totals.push((totals[k - 1] ?? 0) + perStep(k));
      return totals[i]!;
    };
  };
  const labels = { route: '/pay' };
  return [
    ...['0.1', '0.5', '1', '+Inf'].map((le, b) => buildSeries('http_request_duration_seconds_bucket', service, cumulative((k) => perSample * shares(k).slice(0, b + 1).reduce((x, y) => x + y, 0)), { ...seriesOpts, labels: { ...labels, le, __name__: 'http_request_duration_seconds_bucket' } })),
    buildSeries('http_request_duration_seconds_sum', service, cumulative((k) => perSample * meanOf(k)), { ...seriesOpts, labels: { ...labels, __name__: 'http_request_duration_seconds_sum' } }),
    buildSeries('http_request_duration_seconds_count', service, cumulative(() => perSample), { ...seriesOpts, labels: { ...labels, __name__: 'http_request_duration_seconds_count' } }),
  ];
}
