import type { TimeRangeMs } from '../shared/resolve-time-range.ts';
import type { SlackBackend } from './slack-backend.ts';
import type { SlackChannelRef, SlackMessage } from './slack-records.ts';

/** History pages (of 200) scanned at most per search: bounds the work of one call. */
export const MAX_SEARCH_PAGES = 10;
const PAGE_SIZE = 200;

/** What a search found: matches oldest first; `truncated` when more matched or the scan limit was hit. */
export interface SlackSearchResult {
  channel: SlackChannelRef;
  messages: SlackMessage[];
  truncated: boolean;
  scannedMessages: number;
}

/**
 * Searches one channel's top-level messages in a time range for `query` (case-insensitive substring of
 * the text and of bot attachments' text), walking history from the newest message back, at most
 * MAX_SEARCH_PAGES pages. Keeps the newest `limit` matches.
 */
export async function searchChannel(
  backend: SlackBackend,
  query: { channel: string; query: string; range: TimeRangeMs; limit: number },
): Promise<SlackSearchResult> {
  const needle = query.query.toLowerCase();
  const matches: SlackMessage[] = [];
  let cursor: string | undefined;
  let scannedMessages = 0;
  let channel: SlackChannelRef | undefined;
  for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
    const history = await backend.getChannelHistory({ channel: query.channel, range: query.range, cursor, limit: PAGE_SIZE });
    channel = history.channel;
    scannedMessages += history.messages.length;
    for (const message of [...history.messages].reverse()) {
      if (!searchableText(message).includes(needle)) continue;
      if (matches.length === query.limit) return { channel, messages: matches.reverse(), truncated: true, scannedMessages };
      matches.push(message);
    }
    cursor = history.nextCursor;
    if (!cursor) return { channel, messages: matches.reverse(), truncated: false, scannedMessages };
  }
  return { channel: channel as SlackChannelRef, messages: matches.reverse(), truncated: true, scannedMessages };
}

function searchableText(message: SlackMessage): string {
  const parts = [message.text ?? ''];
  const attachments = (message as { attachments?: unknown }).attachments;
  if (Array.isArray(attachments)) {
    for (const a of attachments) {
      if (typeof a !== 'object' || a === null) continue;
      for (const key of ['pretext', 'title', 'text', 'fallback'] as const) {
        const value = (a as Record<string, unknown>)[key];
        if (typeof value === 'string') parts.push(value);
      }
    }
  }
  return parts.join('\n').toLowerCase();
}
