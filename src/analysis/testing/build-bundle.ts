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
