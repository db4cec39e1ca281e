import { createHash } from 'node:crypto';
import type { AlertNotification, Severity } from '../domain/index.ts';
import type { Queryable } from '../store/database.ts';
import { declareIncident } from './declare-incident.ts';
import { addIncidentEvent, findOpenIncidentForService, type IncidentRecord } from './incident-records.ts';
import type { LifecycleContext } from './lifecycle-context.ts';

/** One alert group as a notifier sent it: Alertmanager's `groupKey` (or a PagerDuty incident) and its alerts. */
export interface AlertGroup {
  groupKey: string;
  status: 'firing' | 'resolved';
  alerts: AlertNotification[];
}

export type AlertGroupOutcome =
  | { action: 'posted' | 'updated' | 'unchanged'; incidentId: string; messageTs: string }
  | { action: 'ignored'; reason: string };

/**
 * Posts a firing alert group into the open incident channel of its service — one message per group,
 * edited in place when it changes or resolves; a re-send of the same state changes nothing. With no
 * open incident, `lifecycle.autoOpen` (alert severity label → incident severity) may declare one.
 * The row lock on the group's message row makes concurrent re-sends from several processes post once.
 */
export async function receiveAlertGroup(context: LifecycleContext, group: AlertGroup): Promise<AlertGroupOutcome> {
  const services = [...new Set(group.alerts.map((a) => a.service).filter((s): s is string => Boolean(s)))];
  if (services.length === 0) return { action: 'ignored', reason: 'no alert in the group names a service' };
  let incident = await openIncidentFor(context.db, services);
  if (!incident) {
    const severity = autoOpenSeverity(context, group);
    if (!severity || group.status === 'resolved') return { action: 'ignored', reason: `no open incident for ${services.join(', ')}` };
    const first = group.alerts[0]!;
    const declared = await declareIncident(context, { title: `${first.name} on ${services.join(', ')}`, severity, services, actor: { userId: first.origin } });
    if (!declared.ok) return { action: 'ignored', reason: declared.message };
    incident = declared.value;
  }
  const channel = incident.channelId!;
  const message = renderAlertGroup(group);
  const hash = createHash('sha256').update(JSON.stringify(stateOf(group))).digest('hex');
  const target = incident;

  const outcome = await context.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO alert_group_messages (incident_id, group_key, channel_id, status, payload_hash) VALUES ($1, $2, $3, $4, '') ON CONFLICT DO NOTHING`,
      [target.id, group.groupKey, channel, group.status],
    );
    const [row] = await tx.query<{ message_ts: string | null; payload_hash: string }>(
      `SELECT message_ts, payload_hash FROM alert_group_messages WHERE incident_id = $1 AND group_key = $2 FOR UPDATE`,
      [target.id, group.groupKey],
    );
    if (row?.message_ts && row.payload_hash === hash) return { action: 'unchanged' as const, incidentId: target.id, messageTs: row.message_ts };
    let ts = row?.message_ts ?? undefined;
    if (ts) await context.slack.chat.update({ channel, ts, ...message });
    else ts = (await context.slack.chat.postMessage({ channel, ...message })).ts;
    if (!ts) throw new Error('chat.postMessage returned no ts');
    await tx.query(
      `UPDATE alert_group_messages SET message_ts = $3, status = $4, payload_hash = $5, updated_at = now() WHERE incident_id = $1 AND group_key = $2`,
      [target.id, group.groupKey, ts, group.status, hash],
    );
    return { action: row?.message_ts ? ('updated' as const) : ('posted' as const), incidentId: target.id, messageTs: ts };
  });
  if (outcome.action === 'posted') await recordFirstFiring(context.db, target, group);
  return outcome;
}

async function openIncidentFor(db: Queryable, services: string[]): Promise<IncidentRecord | undefined> {
  for (const service of services) {
    const incident = await findOpenIncidentForService(db, service);
    if (incident) return incident;
  }
  return undefined;
}

function autoOpenSeverity(context: LifecycleContext, group: AlertGroup): Severity | undefined {
  const order: Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];
  const candidates = group.alerts
    .map((a) => (a.severity ? context.settings.autoOpen[a.severity] : undefined))
    .filter((s): s is Severity => s !== undefined);
  return candidates.sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
}

/** What makes a re-send "the same": each alert's fingerprint and status. */
function stateOf(group: AlertGroup): unknown {
  return [group.status, group.alerts.map((a) => `${a.fingerprint}:${a.status}`).sort()];
}

async function recordFirstFiring(db: Queryable, incident: IncidentRecord, group: AlertGroup): Promise<void> {
  const firingAtMs = Math.min(...group.alerts.map((a) => a.startsAtMs));
  await addIncidentEvent(db, {
    incidentId: incident.id,
    atMs: firingAtMs,
    kind: 'alert',
    actor: group.alerts[0]?.origin ?? 'alertmanager',
    text: `${group.alerts[0]?.name ?? 'alert'} firing`,
    messageTs: group.groupKey,
    details: { firingAtMs, groupKey: group.groupKey },
  });
}

const MAX_LISTED = 10;

/** The alert group's Slack message: status, alert names with summaries, and when each started or ended. */
export function renderAlertGroup(group: AlertGroup): { text: string; blocks: object[] } {
  const firing = group.alerts.filter((a) => a.status === 'firing');
  const icon = group.status === 'resolved' ? ':large_green_circle: RESOLVED' : ':red_circle: FIRING';
  const names = [...new Set(group.alerts.map((a) => a.name))].join(', ');
  const headline = `${icon} · ${names}${group.status === 'firing' ? ` (${firing.length} firing)` : ''}`;
  const lines = group.alerts.slice(0, MAX_LISTED).map((a) => {
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const when = a.status === 'resolved' && a.endsAtMs ? `resolved ${new Date(a.endsAtMs).toISOString()}` : `since ${new Date(a.startsAtMs).toISOString()}`;
    return `• *${a.name}*${a.service ? ` · ${a.service}` : ''}${a.severity ? ` · ${a.severity}` : ''} — ${summary} _(${when})_`.slice(0, 300);
  });
  if (group.alerts.length > MAX_LISTED) lines.push(`…and ${group.alerts.length - MAX_LISTED} more`);
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*\n${lines.join('\n')}`.slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `alert group \`${group.groupKey.slice(0, 120)}\`` }] },
    ],
  };
}
