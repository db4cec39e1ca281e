import type { WebClient } from '@slack/web-api';
import type { ChatUser, IncidentBundle } from '../domain/index.ts';
import { parseSlackMessages, parseSlackUsers, readBundle } from '../ingest/index.ts';
import { incidentFromChannel } from './incident-from-channel.ts';
import { readChannelHistory } from './read-channel-history.ts';
import type { SlackSettings } from './slack-settings.ts';

const NON_CHAT_SOURCES = ['alerts', 'metrics', 'logs', 'changes', 'topology'] as const;

/**
 * The IncidentBundle of an incident channel: its live history (read through the Web API) as the chat,
 * plus, when `settings.bundleDirs` names a bundle for the channel (by name or id), that bundle's other
 * sources and incident metadata. Without a bundle the incident comes from the channel itself and the
 * other sources are reported missing.
 */
export async function buildChannelBundle(client: WebClient, channelId: string, settings: SlackSettings, threadTs?: string, userCache?: Map<string, Record<string, unknown>>): Promise<IncidentBundle> {
  const history = await readChannelHistory(client, channelId, { maxMessages: settings.maxHistoryMessages, maxThreads: settings.maxThreads }, threadTs, userCache);
  const source = `slack-api:${history.channel.name}`;
  const liveUsers = parseSlackUsers(JSON.stringify(history.users), `${source}/users.info`);
  const dir = settings.bundleDirs[history.channel.name] ?? settings.bundleDirs[channelId];
  const base = dir ? await readBundle(dir) : undefined;

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
