import type { ChatUser, IncidentBundle } from '../domain/index.ts';
import { parseSlackMessages, parseSlackUsers } from '../ingest/index.ts';
import { incidentFromChannel } from './incident-from-channel.ts';
import type { ChannelHistory } from './read-channel-history.ts';
import type { SlackSettings } from './slack-settings.ts';

const NON_CHAT_SOURCES = ['alerts', 'metrics', 'logs', 'changes', 'topology'] as const;

/** The bundle directory configured for a channel (by name, else by id), if any. */
export function bundleDirFor(settings: SlackSettings, channel: { id: string; name: string }): string | undefined {
  return settings.bundleDirs[channel.name] ?? settings.bundleDirs[channel.id];
}

/**
 * The IncidentBundle of an incident channel: its live history (read through the Web API) as the chat,
 * plus, when a bundle is configured for the channel, that bundle's other sources and incident metadata
 * (`base`). Without a bundle the incident comes from the channel itself and the other sources are
 * reported missing.
 */
export function buildChannelBundle(history: ChannelHistory, settings: SlackSettings, base?: IncidentBundle): IncidentBundle {
  const source = `slack-api:${history.channel.name}`;
  const liveUsers = parseSlackUsers(JSON.stringify(history.users), `${source}/users.info`);
  const users = mergeUsers(base?.users ?? [], liveUsers);
  const chat = parseSlackMessages(JSON.stringify(history.messages), `${source}/conversations.history`, {
    channel: history.channel.name,
    users: new Map(users.map((u) => [u.id, u])),
    channelNames: new Map([[history.channel.id, history.channel.name]]),
  });
  if (base) {
    // The bundle's copy of this channel is replaced by the live one; other channels (alerts, deploys) stay.
    const otherChannels = base.chat.filter((m) => m.channel !== history.channel.name);
    return {
      ...base,
      users,
      chat: [...otherChannels, ...chat].sort((a, b) => a.timeMs - b.timeMs),
      missingSources: base.missingSources.filter((s) => s !== 'slack'),
    };
  }
  const firstTexts = chat.slice(0, 5).map((m) => m.text);
  return {
    incident: incidentFromChannel(history.channel, firstTexts, chat[0]?.timeMs, settings.defaultSeverity),
    users,
    chat,
    alerts: [],
    metrics: [],
    logs: [],
    changes: [],
    missingSources: [...NON_CHAT_SOURCES],
    problems: [],
  };
}

function mergeUsers(base: readonly ChatUser[], live: readonly ChatUser[]): ChatUser[] {
  const byId = new Map(base.map((u) => [u.id, u]));
  for (const u of live) byId.set(u.id, u);
  return [...byId.values()];
}
