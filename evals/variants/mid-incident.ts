// The `mid-incident` variant: the same incident as someone asking in Slack ten minutes after it was
// detected would see it. Every source is cut at that moment (before the mitigation), incident.json
// has no `resolvedAt`, firing alerts have not resolved yet, and the truth keeps only the milestones
// that had happened.
import type { Truth } from '../score/truth-schema.ts';

const MINUTE_MS = 60_000;
/** Alertmanager's "still firing" `endsAt`. */
const STILL_FIRING = '0001-01-01T00:00:00Z';

/** When the variant cuts: ten minutes after detection, and at least a minute before the mitigation. */
export function midIncidentCutMs(truth: Truth): number {
  const { detected, mitigated, resolved } = truth.keyEvents;
  const end = Date.parse(mitigated ?? resolved ?? detected);
  return Math.max(Date.parse(detected), Math.min(Date.parse(detected) + 10 * MINUTE_MS, end - MINUTE_MS));
}

/** The scenario's files and truth as of `cutMs`. */
export function cutMidIncident(files: ReadonlyMap<string, string>, truth: Truth, cutMs: number): { files: Map<string, string>; truth: Truth } {
  const { mitigated: _m, resolved: _r, ...happened } = truth.keyEvents;
  const truthAtCut: Truth = { ...truth, keyEvents: happened };
  const out = new Map<string, string>();
  for (const [path, text] of files) {
    const cut = cutFile(path, text, cutMs, truthAtCut);
    if (cut !== undefined && cut !== '') out.set(path, cut);
  }
  return { files: out, truth: truthAtCut };
}

/** The file as of `cutMs`; undefined or empty when nothing of it was there yet. */
function cutFile(path: string, text: string, cutMs: number, truthAtCut: Truth): string | undefined {
  const before = (timeMs: number) => timeMs <= cutMs;
  if (path === 'incident.json') {
    const { resolvedAt: _, ...incident } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(incident, null, 2);
  }
  if (path === 'truth.json') return JSON.stringify({ ...JSON.parse(text), keyEvents: truthAtCut.keyEvents }, null, 2);
  if (path.startsWith('metrics/') || path.startsWith('logs/')) {
    const doc = JSON.parse(text) as { data: { result: Array<{ values: Array<[number | string, string]> }> } };
    // Prometheus times are unix seconds, Loki's unix nanoseconds as strings.
    const timeMs = (t: number | string) => (typeof t === 'number' ? t * 1000 : Number(t.slice(0, -6)));
    for (const s of doc.data.result) s.values = s.values.filter(([t]) => before(timeMs(t)));
    return JSON.stringify(doc);
  }
  if (path === 'changes.jsonl') return jsonLines(text, (e: { time: string }) => before(Date.parse(e.time)));
  if (path.endsWith('.pagerduty.jsonl')) return jsonLines(text, (e: { event: { occurred_at: string } }) => before(Date.parse(e.event.occurred_at)));
  if (path.startsWith('alerts/')) return alertPayloads(text, cutMs);
  if (path.startsWith('slack/') && /\/\d{4}-\d\d-\d\d\.json$/.test(path)) {
    const messages = (JSON.parse(text) as Array<{ ts: string }>).filter((m) => before(Number(m.ts) * 1000));
    return messages.length > 0 ? JSON.stringify(messages, null, 1) : undefined;
  }
  return text;
}

/** Alertmanager payloads as of `cutMs`: alerts not yet started are gone, resolutions still to come too. */
function alertPayloads(text: string, cutMs: number): string {
  type Payload = { status: string; alerts: Array<{ status: string; startsAt: string; endsAt: string }> };
  const kept: string[] = [];
  for (const line of lines(text)) {
    const payload = JSON.parse(line) as Payload;
    const alerts = payload.alerts.filter((a) => Date.parse(a.startsAt) <= cutMs);
    if (alerts.length === 0) continue;
    const resolvedLater = (a: Payload['alerts'][number]) => a.status === 'resolved' && Date.parse(a.endsAt) > cutMs;
    if (alerts.some(resolvedLater)) continue; // this send happened after the cut
    const asOfCut = alerts.map((a) => (a.status === 'firing' && Date.parse(a.endsAt) > cutMs ? { ...a, endsAt: STILL_FIRING } : a));
    kept.push(JSON.stringify({ ...payload, alerts: asOfCut }));
  }
  return kept.length > 0 ? `${kept.join('\n')}\n` : '';
}

function jsonLines<T>(text: string, keep: (value: T) => boolean): string {
  const kept = lines(text).filter((line) => keep(JSON.parse(line) as T));
  return kept.length > 0 ? `${kept.join('\n')}\n` : '';
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
