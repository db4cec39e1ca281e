import type { IncidentRecord } from './incident-records.ts';
import type { LifecycleContext } from './lifecycle-context.ts';
import { renderHeader, renderTopic } from './render-header.ts';

/** Brings the pinned header and the channel topic in line with the stored incident. */
export async function refreshHeader(context: LifecycleContext, incident: IncidentRecord): Promise<void> {
  if (!incident.channelId) return;
  const header = renderHeader(incident, context.nowMs());
  if (incident.headerTs) await context.slack.chat.update({ channel: incident.channelId, ts: incident.headerTs, ...header });
  await context.slack.conversations.setTopic({ channel: incident.channelId, topic: renderTopic(incident) });
}
