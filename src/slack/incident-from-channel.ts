import type { Incident, Severity } from '../domain/index.ts';
import type { SlackChannelInfo } from './read-channel-history.ts';

/**
 * The incident a channel is about, when no bundle says so: id (`INC-2041`-like) and severity (`sev1`…)
 * from the purpose, topic, name or first messages, title from the topic, opened when the channel was
 * created (or at its first message).
 */
export function incidentFromChannel(channel: SlackChannelInfo, firstTexts: readonly string[], firstMessageMs: number | undefined, defaultSeverity: Severity): Incident {
  const texts = [channel.purpose, channel.topic, channel.name, ...firstTexts].filter((t): t is string => Boolean(t));
  const id = firstMatch(texts, /\b([A-Z][A-Z0-9]{1,9}-\d+)\b/) ?? channel.name;
  const severity = (firstMatch(texts, /\b(sev[1-4])\b/i)?.toLowerCase() as Severity | undefined) ?? defaultSeverity;
  const title = channel.topic?.replace(/^\s*sev[1-4]\s*[:\-–]\s*/i, '').trim() || channel.purpose || `#${channel.name}`;
  const openedMs = channel.createdMs ?? firstMessageMs ?? 0;
  return { id, title, severity, channel: channel.name, openedAt: new Date(openedMs).toISOString(), services: [] };
}

function firstMatch(texts: readonly string[], pattern: RegExp): string | undefined {
  for (const text of texts) {
    const match = pattern.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}
