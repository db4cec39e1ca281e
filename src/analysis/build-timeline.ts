import type { ChangeEvent, TimelineEvent } from '../domain/index.ts';
import type { ClassifiedChat } from './classify-chat.ts';
import type { Alert } from './dedupe-alerts.ts';
import type { SeriesAnomaly } from './detect-anomaly.ts';
import { describeAlert, describeAnomaly, describeChange } from './describe.ts';
import type { MilestoneTimes } from './find-milestones.ts';
import { extractLogMessage, type LogPattern } from './log-patterns.ts';
import { toIso } from './time.ts';

export interface TimelineInputs {
  alerts: readonly Alert[];
  changes: readonly ChangeEvent[];
  chat: readonly ClassifiedChat[];
  anomalies: readonly SeriesAnomaly[];
  logPatterns: readonly LogPattern[];
  milestones: MilestoneTimes;
  windowStartMs: number;
  windowEndMs: number;
  /** The incident's own Slack channel (incident.json `channel`): all of its chat belongs to the incident. */
  incidentChannel?: string;
}

/**
 * One ordered timeline of every source. Alert re-sends are already collapsed (one firing, one resolved
 * event per alert); chat filler and bot chatter stay in it marked `minor` so they can be retrieved
 * but are left out of summaries. Every message of the incident's own channel is in it; other channels'
 * chat only inside the incident window, as changes and alerts (a team channel's "lunch?" the day before
 * is not part of the incident).
 */
export function buildTimeline(input: TimelineInputs): TimelineEvent[] {
  const events: Array<{ ms: number; order: number; event: TimelineEvent }> = [];
  const push = (ms: number, order: number, event: TimelineEvent) => events.push({ ms, order, event });
  const inWindow = (ms: number) => ms >= input.windowStartMs && ms <= input.windowEndMs;

  const m = input.milestones;
  const milestone = (ms: number | undefined, text: string) => {
    if (ms !== undefined) push(ms, 0, { time: toIso(ms), kind: 'milestone', text, source: { type: 'analysis', ref: 'milestones' } });
  };
  milestone(m.firstSymptomMs, 'First symptom (earliest anomaly of the incident)');
  milestone(m.detectedMs, 'Detected');
  milestone(m.mitigatedMs, 'Mitigated (symptoms back to normal)');
  milestone(m.resolvedMs, 'Resolved');

  for (const c of input.changes) {
    if (inWindow(c.timeMs)) push(c.timeMs, 1, { time: toIso(c.timeMs), kind: 'change', text: describeChange(c), source: { type: 'change', ref: c.ref }, service: c.service });
  }
  for (const a of input.alerts) {
    const label = describeAlert(a);
    if (inWindow(a.firingAtMs)) push(a.firingAtMs, 2, { time: toIso(a.firingAtMs), kind: 'alert', text: `FIRING ${label}`, source: { type: 'alert', ref: a.refs[0] ?? a.fingerprint }, service: a.service });
    if (a.resolvedAtMs !== undefined && inWindow(a.resolvedAtMs)) push(a.resolvedAtMs, 2, { time: toIso(a.resolvedAtMs), kind: 'alert', text: `RESOLVED ${label}`, source: { type: 'alert', ref: a.refs[a.refs.length - 1] ?? a.fingerprint }, service: a.service });
  }
  for (const a of input.anomalies) {
    push(a.onsetMs, 3, { time: toIso(a.onsetMs), kind: 'metric', text: describeAnomaly(a), source: { type: 'metric', ref: a.series.ref }, service: a.series.service });
  }
  for (const p of input.logPatterns.slice(0, 30)) {
    push(p.firstSeenMs, 4, { time: toIso(p.firstSeenMs), kind: 'log', text: `${p.service}: ${extractLogMessage(p.example).slice(0, 160)}${p.incidentCount > 1 ? ` (×${p.incidentCount})` : ''}`, source: { type: 'log', ref: p.refs[0] ?? p.service }, service: p.service });
  }
  for (const c of input.chat) {
    if (c.message.channel !== input.incidentChannel && !inWindow(c.message.timeMs)) continue;
    const minor = c.role === 'filler' || c.role === 'bot';
    const text = `${c.message.userName}: ${c.message.text}`;
    push(c.message.timeMs, 5, { time: toIso(c.message.timeMs), kind: 'chat', text: text.length > 300 ? `${text.slice(0, 299)}…` : text, source: { type: 'slack', ref: c.message.id }, ...(minor ? { minor: true } : {}) });
  }
  events.sort((a, b) => a.ms - b.ms || a.order - b.order);
  return events.map((e) => e.event);
}
