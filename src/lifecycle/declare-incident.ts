import type { Severity } from '../domain/index.ts';
import { whyNotAllowed } from './can-perform.ts';
import { incidentChannelName, withNameSuffix } from './channel-name.ts';
import { addIncidentEvent, insertIncident, updateIncident, type IncidentRecord } from './incident-records.ts';
import type { LifecycleActor, LifecycleContext, LifecycleResult } from './lifecycle-context.ts';
import { refreshHeader } from './refresh-header.ts';
import { renderHeader } from './render-header.ts';
import { slackErrorCode } from './slack-error-code.ts';

export interface Declaration {
  title: string;
  severity: Severity;
  services?: string[];
  /** `alertmanager` etc. when an alert opened it; otherwise the Slack user. */
  actor: LifecycleActor;
}

const MAX_NAME_ATTEMPTS = 5;

/**
 * Declares an incident: stores it, creates `inc-<YYYYMMDD>-<slug>`, invites the declarer and the
 * on-call users and groups, sets the topic, posts and pins the header, and announces it in the
 * broadcast channel. Every step after the channel exists is best effort: a failure there is reported
 * in the result, never leaves an incident without its channel.
 */
export async function declareIncident(context: LifecycleContext, declaration: Declaration): Promise<LifecycleResult<IncidentRecord>> {
  const refusal = whyNotAllowed(context, 'declare', declaration.actor);
  if (refusal) return { ok: false, message: `Not declared: ${refusal}.` };
  const title = declaration.title.trim();
  if (!title) return { ok: false, message: 'Not declared: give the incident a title, e.g. `/incident create Checkout failing --severity sev2`.' };

  const nowMs = context.nowMs();
  let incident = await insertWithFreshId(context, { title, severity: declaration.severity, services: declaration.services ?? [], declaredBy: declaration.actor.userId, openedAtMs: nowMs });
  let channel: { id: string; name: string };
  try {
    channel = await createChannel(context, incidentChannelName(title, nowMs));
  } catch (error) {
    // No channel, no incident: a stored incident without its channel would be invisible to every command.
    await context.db.query(`DELETE FROM incidents WHERE id = $1`, [incident.id]);
    const code = slackErrorCode(error);
    const hint = code === 'missing_scope' ? ' — add the channels:manage scope to the Slack app and reinstall it' : '';
    return { ok: false, message: `Not declared: the incident channel could not be created (${code ?? (error as Error).message}${hint}).` };
  }
  incident = await updateIncident(context.db, incident.id, { channelId: channel.id, channelName: channel.name, commanderUserId: isSlackUser(declaration.actor.userId) ? declaration.actor.userId : undefined });

  const warnings: string[] = [];
  const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      warnings.push(`${what} failed (${slackErrorCode(error) ?? (error as Error).message})`);
    }
  };
  await attempt('inviting responders', () => inviteResponders(context, channel.id, declaration.actor.userId));
  await attempt('posting the header', async () => {
    const posted = await context.slack.chat.postMessage({ channel: channel.id, ...renderHeader(incident, nowMs) });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    incident = await updateIncident(context.db, incident.id, { headerTs: posted.ts });
    await context.slack.pins.add({ channel: channel.id, timestamp: posted.ts });
  });
  await attempt('setting the topic', () => refreshHeader(context, incident));
  if (context.settings.broadcastChannel) {
    const broadcast = context.settings.broadcastChannel;
    await attempt('announcing it', () =>
      context.slack.chat.postMessage({
        channel: broadcast,
        text: `:rotating_light: ${incident.severity.toUpperCase()} declared: *${title}* — join <#${channel.id}>`,
      }),
    );
  }
  await addIncidentEvent(context.db, { incidentId: incident.id, atMs: nowMs, kind: 'declared', actor: declaration.actor.userId, text: `${incident.severity} declared: ${title}`, details: { channel: channel.id } });
  await context.audit({ actor: declaration.actor.userId, action: 'incident.declared', details: { incidentId: incident.id, severity: incident.severity, title, channel: channel.id, warnings } });
  const note = warnings.length ? ` (${warnings.join('; ')})` : '';
  return { ok: true, message: `Declared ${incident.id} in <#${channel.id}>${note}.`, value: incident };
}

function isSlackUser(id: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(id);
}

async function insertWithFreshId(context: LifecycleContext, incident: Omit<Parameters<typeof insertIncident>[1], 'id'>): Promise<IncidentRecord> {
  const day = new Date(incident.openedAtMs).toISOString().slice(0, 10).replaceAll('-', '');
  for (let attempt = 0; ; attempt++) {
    const [row] = await context.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE id LIKE $1`, [`INC-${day}-%`]);
    const id = `INC-${day}-${(row?.n ?? 0) + 1 + attempt}`;
    try {
      return await insertIncident(context.db, { ...incident, id });
    } catch (error) {
      // Another process took this number between the count and the insert: try the next one.
      if ((error as { code?: string }).code !== '23505' || attempt >= 20) throw error;
    }
  }
}

async function createChannel(context: LifecycleContext, name: string): Promise<{ id: string; name: string }> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const candidate = attempt === 1 ? name : withNameSuffix(name, attempt);
    try {
      const created = await context.slack.conversations.create({ name: candidate });
      if (created.channel?.id) return { id: created.channel.id, name: created.channel.name ?? candidate };
      throw new Error('conversations.create returned no channel id');
    } catch (error) {
      if (slackErrorCode(error) !== 'name_taken') throw error;
    }
  }
  throw new Error(`could not create a channel: ${name} and ${MAX_NAME_ATTEMPTS - 1} variants are taken`);
}

async function inviteResponders(context: LifecycleContext, channel: string, declarer: string): Promise<void> {
  const users = new Set<string>(context.settings.onCall.users);
  if (isSlackUser(declarer)) users.add(declarer);
  for (const group of context.settings.onCall.groups) {
    const members = await context.slack.usergroups.users.list({ usergroup: group });
    for (const user of members.users ?? []) users.add(user);
  }
  if (users.size === 0) return;
  try {
    await context.slack.conversations.invite({ channel, users: [...users].join(',') });
  } catch (error) {
    // The declarer may already be a member (Slack adds the creator); that is success.
    if (slackErrorCode(error) !== 'already_in_channel' && slackErrorCode(error) !== 'cant_invite_self') throw error;
  }
}
