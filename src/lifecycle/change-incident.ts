import { SeveritySchema } from '../domain/index.ts';
import { whyNotAllowed } from './can-perform.ts';
import { addIncidentEvent, findIncidentByChannel, IncidentStatusSchema, updateIncident, type IncidentChanges, type IncidentRecord } from './incident-records.ts';
import type { LifecycleAction, LifecycleActor, LifecycleContext, LifecycleResult } from './lifecycle-context.ts';
import { refreshHeader } from './refresh-header.ts';
import { slackErrorCode } from './slack-error-code.ts';

/** Loads the channel's incident and checks the actor's permission; the refusal says why. */
export async function incidentForAction(
  context: LifecycleContext,
  channelId: string,
  actor: LifecycleActor,
  action: LifecycleAction,
): Promise<LifecycleResult<IncidentRecord>> {
  const incident = await findIncidentByChannel(context.db, channelId);
  if (!incident) return { ok: false, message: 'This channel is not an incident channel: run it in the channel that `/incident create` opened.' };
  if (incident.status === 'resolved' && action !== 'update') return { ok: false, message: `${incident.id} is already resolved.` };
  const refusal = whyNotAllowed(context, action, actor, incident);
  return refusal ? { ok: false, message: `Not done: ${refusal}.` } : { ok: true, message: '', value: incident };
}

/**
 * `/incident update [investigating|identified|monitoring] <text>`: records the update on the timeline,
 * shows it in the header and sends it to the status page. `monitoring` marks the incident mitigated.
 */
export async function postIncidentUpdate(context: LifecycleContext, channelId: string, actor: LifecycleActor, input: string): Promise<LifecycleResult<IncidentRecord>> {
  const found = await incidentForAction(context, channelId, actor, 'update');
  if (!found.ok) return found;
  const [first = '', ...rest] = input.trim().split(/\s+/);
  const status = IncidentStatusSchema.exclude(['resolved']).safeParse(first.toLowerCase());
  const text = (status.success ? rest.join(' ') : input).trim();
  if (status.success && found.value.status === 'resolved') {
    return { ok: false, message: `${found.value.id} is resolved, so its status stays resolved: post the update without "${status.data}", or declare a new incident.` };
  }
  if (!text) return { ok: false, message: 'Nothing to post: `/incident update [investigating|identified|monitoring] <what changed>`.' };
  const nowMs = context.nowMs();
  const changes: IncidentChanges = { latestUpdate: text };
  if (status.success) {
    changes.status = status.data;
    if (status.data === 'monitoring' && found.value.mitigatedAtMs === null) changes.mitigatedAtMs = nowMs;
  }
  return applyChange(context, found.value, actor, changes, { kind: status.success ? 'status' : 'update', text: status.success ? `${status.data}: ${text}` : text });
}

/** `/incident severity <sev1..sev4>`. */
export async function changeSeverity(context: LifecycleContext, channelId: string, actor: LifecycleActor, input: string): Promise<LifecycleResult<IncidentRecord>> {
  const severity = SeveritySchema.safeParse(input.trim().toLowerCase());
  if (!severity.success) return { ok: false, message: `Severity must be one of sev1, sev2, sev3, sev4, got "${input.trim()}".` };
  const found = await incidentForAction(context, channelId, actor, 'severity');
  if (!found.ok) return found;
  if (found.value.severity === severity.data) return { ok: true, message: `${found.value.id} is already ${severity.data}.`, value: found.value };
  const result = await applyChange(context, found.value, actor, { severity: severity.data }, { kind: 'severity', text: `severity ${found.value.severity} → ${severity.data}` });
  if (result.ok && context.settings.broadcastChannel) {
    await context.slack.chat
      .postMessage({ channel: context.settings.broadcastChannel, text: `${result.value.id} (<#${channelId}>) is now ${severity.data.toUpperCase()}: ${result.value.title}` })
      .catch(() => undefined);
  }
  return result;
}

/** `/incident commander @user` — Slack escapes the mention as `<@U123|name>`. */
export async function changeCommander(context: LifecycleContext, channelId: string, actor: LifecycleActor, input: string): Promise<LifecycleResult<IncidentRecord>> {
  const userId = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(input.trim())?.[1] ?? /^([UW][A-Z0-9]+)$/.exec(input.trim())?.[1];
  if (!userId) return { ok: false, message: `Name the new commander with a mention, e.g. \`/incident commander @alice\`; got "${input.trim()}".` };
  const found = await incidentForAction(context, channelId, actor, 'commander');
  if (!found.ok) return found;
  const result = await applyChange(context, found.value, actor, { commanderUserId: userId }, { kind: 'commander', text: `commander → <@${userId}>` });
  // The new commander may not be in the channel yet; already being there is fine, any other refusal is reported.
  const channel = found.value.channelId;
  if (result.ok && channel) {
    const code = await context.slack.conversations.invite({ channel, users: userId }).then(() => undefined, (error: unknown) => slackErrorCode(error) ?? (error as Error).message);
    if (code && code !== 'already_in_channel' && code !== 'cant_invite_self') return { ...result, message: `${result.message} (inviting them failed: ${code})` };
  }
  return result;
}

async function applyChange(
  context: LifecycleContext,
  incident: IncidentRecord,
  actor: LifecycleActor,
  changes: IncidentChanges,
  event: { kind: 'update' | 'status' | 'severity' | 'commander'; text: string },
): Promise<LifecycleResult<IncidentRecord>> {
  const nowMs = context.nowMs();
  const updated = await context.db.transaction(async (tx) => {
    const row = await updateIncident(tx, incident.id, changes);
    await addIncidentEvent(tx, { incidentId: incident.id, atMs: nowMs, kind: event.kind, actor: actor.userId, text: event.text });
    return row;
  });
  await context.audit({ actor: actor.userId, action: `incident.${event.kind}`, details: { incidentId: incident.id, channel: updated.channelId, ...changes } });
  const warnings: string[] = [];
  await refreshHeader(context, updated).catch((error: Error) => warnings.push(`header not refreshed: ${error.message}`));
  if (context.postStatusPage) {
    await context
      .postStatusPage({ incidentId: updated.id, title: updated.title, severity: updated.severity, status: updated.status, message: event.text, at: new Date(nowMs).toISOString() })
      .catch((error: Error) => warnings.push(`status page not updated: ${error.message}`));
  }
  return { ok: true, message: `${updated.id}: ${event.text}${warnings.length ? ` (${warnings.join('; ')})` : ''}`, value: updated };
}

export { applyChange as applyIncidentChange };
