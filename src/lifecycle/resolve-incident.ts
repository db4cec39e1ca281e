import { getLatestReport } from '../store/incident-store.ts';
import { incidentForAction } from './change-incident.ts';
import { addIncidentEvent, listIncidentEvents, updateIncident, type IncidentRecord } from './incident-records.ts';
import type { LifecycleActor, LifecycleContext, LifecycleResult } from './lifecycle-context.ts';
import { refreshHeader } from './refresh-header.ts';
import { formatDuration } from './render-header.ts';

/** Milliseconds from first symptom to declaration, to mitigation and to resolution (undefined when unknown). */
export interface ResolutionDurations {
  firstSymptomMs?: number;
  timeToDetectMs?: number;
  timeToMitigateMs?: number;
  timeToResolveMs: number;
}

/**
 * Durations from what the incident knows: the first symptom is the earliest of the first alert that
 * reached the channel and the stored analysis' `firstSymptom`; detection is the declaration; mitigation
 * the first `monitoring` update (or the analysis' milestone); resolution now.
 */
export function resolutionDurations(incident: IncidentRecord, resolvedAtMs: number, evidence: { firstAlertMs?: number; reportFirstSymptomMs?: number; reportMitigatedMs?: number }): ResolutionDurations {
  const symptoms = [evidence.firstAlertMs, evidence.reportFirstSymptomMs].filter((t): t is number => t !== undefined && t <= incident.openedAtMs);
  const firstSymptomMs = symptoms.length ? Math.min(...symptoms) : undefined;
  const mitigatedMs = incident.mitigatedAtMs ?? evidence.reportMitigatedMs;
  const start = firstSymptomMs ?? incident.openedAtMs;
  return {
    firstSymptomMs,
    timeToDetectMs: firstSymptomMs === undefined ? undefined : incident.openedAtMs - firstSymptomMs,
    timeToMitigateMs: mitigatedMs === undefined ? undefined : mitigatedMs - start,
    timeToResolveMs: resolvedAtMs - start,
  };
}

/**
 * `/incident resolve <text>`: records the resolution, computes time to detect/mitigate/resolve, posts
 * them, updates the header and the status page, and queues the incident for the nightly retrospective.
 */
export async function resolveIncident(context: LifecycleContext, channelId: string, actor: LifecycleActor, text: string): Promise<LifecycleResult<{ incident: IncidentRecord; durations: ResolutionDurations }>> {
  const found = await incidentForAction(context, channelId, actor, 'resolve');
  if (!found.ok) return found;
  const summary = text.trim();
  if (!summary) return { ok: false, message: 'Say how it was resolved: `/incident resolve <what fixed it>`.' };
  const nowMs = context.nowMs();
  const events = await listIncidentEvents(context.db, found.value.id);
  const firstAlert = events.find((e) => e.kind === 'alert');
  const report = await getLatestReport(context.db, found.value.id).catch(() => undefined);
  const durations = resolutionDurations(found.value, nowMs, {
    firstAlertMs: typeof firstAlert?.details.firingAtMs === 'number' ? firstAlert.details.firingAtMs : firstAlert?.atMs,
    reportFirstSymptomMs: report?.milestones.firstSymptom ? Date.parse(report.milestones.firstSymptom) : undefined,
    reportMitigatedMs: report?.milestones.mitigated ? Date.parse(report.milestones.mitigated) : undefined,
  });

  const incident = await context.db.transaction(async (tx) => {
    const row = await updateIncident(tx, found.value.id, { status: 'resolved', resolvedAtMs: nowMs, latestUpdate: summary, retroQueuedAtMs: nowMs });
    await addIncidentEvent(tx, { incidentId: row.id, atMs: nowMs, kind: 'resolved', actor: actor.userId, text: summary, details: { ...durations } });
    return row;
  });
  await context.audit({ actor: actor.userId, action: 'incident.resolved', details: { incidentId: incident.id, channel: channelId, summary, ...durations } });
  const warnings: string[] = [];
  const attempt = (what: string, step: () => Promise<unknown>) => step().catch((error: Error) => warnings.push(`${what}: ${error.message}`));
  await attempt('queueing the retrospective', () => context.queueRetrospective(incident.id));
  await attempt('header', () => refreshHeader(context, incident));
  const lines = [
    `:white_check_mark: *${incident.id} resolved* — ${summary}`,
    `• Time to detect: ${durations.timeToDetectMs === undefined ? 'unknown (no alert or analysis before the declaration)' : formatDuration(durations.timeToDetectMs)}`,
    `• Time to mitigate: ${durations.timeToMitigateMs === undefined ? 'not recorded (`/incident update monitoring …` marks it)' : formatDuration(durations.timeToMitigateMs)}`,
    `• Time to resolve: ${formatDuration(durations.timeToResolveMs)}`,
    `A retrospective draft will be posted here by the nightly job.`,
  ];
  await attempt('posting the resolution', () => context.slack.chat.postMessage({ channel: channelId, text: lines.join('\n') }));
  if (context.settings.broadcastChannel) {
    const broadcast = context.settings.broadcastChannel;
    await attempt('announcing it', () => context.slack.chat.postMessage({ channel: broadcast, text: `:white_check_mark: ${incident.id} resolved: ${incident.title} — ${summary}` }));
  }
  if (context.postStatusPage) {
    const post = context.postStatusPage;
    await attempt('status page', () => post({ incidentId: incident.id, title: incident.title, severity: incident.severity, status: 'resolved', message: summary, at: new Date(nowMs).toISOString() }));
  }
  return { ok: true, message: `${incident.id} resolved${warnings.length ? ` (${warnings.join('; ')})` : ''}.`, value: { incident, durations } };
}
