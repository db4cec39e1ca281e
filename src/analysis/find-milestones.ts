import type { ClassifiedChat } from './classify-chat.ts';
import type { Alert } from './dedupe-alerts.ts';
import type { IncidentFrame } from './incident-frame.ts';

/** Milestone times in unix ms; undefined when the data does not show them. */
export interface MilestoneTimes {
  firstSymptomMs?: number;
  detectedMs?: number;
  mitigatedMs?: number;
  resolvedMs?: number;
}

export interface MilestoneInputs {
  frame: IncidentFrame;
  /** Onsets of the anomalies that belong to the incident (root cause and what it affected). */
  incidentOnsetsMs: readonly number[];
  /** Without metric anomalies: first sightings of new error logs of the incident's services. */
  errorLogOnsetsMs: readonly number[];
  /** Times the incident's anomalies recovered (the symptom services first). */
  recoveriesMs: readonly number[];
  /** Alerts of the incident's services (or with no service). */
  incidentAlerts: readonly Alert[];
  chat: readonly ClassifiedChat[];
  /** Times of reverts/rollbacks/flag-offs made after the onset. */
  mitigationChangesMs: readonly number[];
}

/** Reactions with which responders mark a message as a key event of the incident (opsight's lifecycle pins with :pushpin:). */
export const KEY_EVENT_REACTIONS: readonly string[] = ['pushpin', 'round_pushpin'];

/**
 * First symptom = earliest onset of an incident anomaly (usually before anyone noticed); detected = the
 * first page or human report, whichever came first; mitigated = when the symptoms recovered (or, failing
 * metrics, a mitigation action or statement); resolved = incident.json, else the last alert resolution
 * or the chat's resolution. A human-marked key event (a chat message pinned with a KEY_EVENT_REACTIONS
 * reaction) that states mitigation or resolution is the strongest evidence and wins over the others.
 */
export function findMilestones(input: MilestoneInputs): MilestoneTimes {
  const { frame } = input;
  const firstSymptomMs = input.incidentOnsetsMs.length
    ? Math.min(...input.incidentOnsetsMs)
    : minOf([...input.errorLogOnsetsMs, ...input.incidentAlerts.map((a) => a.firingAtMs)].filter((t) => t >= frame.windowStartMs));
  const notBefore = firstSymptomMs ?? frame.windowStartMs;

  const pageMs = minOf(input.incidentAlerts.map((a) => a.firingAtMs).filter((t) => t >= notBefore - frame.stepMs));
  const reportMs = minOf(input.chat.filter((c) => (c.role === 'report' || c.role === 'claim' || c.role === 'question') && c.message.timeMs >= notBefore).map((c) => c.message.timeMs));
  const detectedMs = minOf([pageMs, reportMs, frame.openedMs].filter((t): t is number => t !== undefined));

  const afterDetect = (t: number) => t >= (detectedMs ?? notBefore) - 10 * 60_000;
  const recovery = minOf(input.recoveriesMs.filter(afterDetect));
  const statedMs = minOf(input.chat.filter((c) => c.role === 'mitigation' && afterDetect(c.message.timeMs)).map((c) => c.message.timeMs));
  const actionMs = minOf(input.mitigationChangesMs.filter(afterDetect));
  const marked = input.chat.filter((c) => !c.message.isBot && c.message.reactions.some((r) => KEY_EVENT_REACTIONS.includes(r.name)) && afterDetect(c.message.timeMs));
  const markedMitigationMs = minOf(marked.filter((c) => c.role === 'mitigation').map((c) => c.message.timeMs));
  const markedResolutionMs = minOf(marked.filter((c) => c.role === 'resolution').map((c) => c.message.timeMs));
  const mitigatedMs = markedMitigationMs ?? recovery ?? actionMs ?? statedMs;

  const lastAlertResolvedMs = maxOf(input.incidentAlerts.map((a) => a.resolvedAtMs).filter((t): t is number => t !== undefined));
  const chatResolvedMs = minOf(input.chat.filter((c) => c.role === 'resolution' && afterDetect(c.message.timeMs)).map((c) => c.message.timeMs));
  const resolvedMs = frame.resolvedMs ?? markedResolutionMs ?? chatResolvedMs ?? lastAlertResolvedMs;
  return { firstSymptomMs, detectedMs, mitigatedMs, resolvedMs };
}

function minOf(xs: ReadonlyArray<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const x of xs) if (x !== undefined && (best === undefined || x < best)) best = x;
  return best;
}

function maxOf(xs: readonly number[]): number | undefined {
  return xs.length ? Math.max(...xs) : undefined;
}
