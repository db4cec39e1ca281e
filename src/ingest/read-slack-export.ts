import type { ChatMessage, ChatUser, IngestProblem } from '../domain/index.ts';
import { isBlank } from './is-blank.ts';
import type { BundleFileList } from './list-bundle-files.ts';
import { parseSlackChannels } from './parse-slack-channels.ts';
import { parseSlackMessages } from './parse-slack-messages.ts';
import { parseSlackUsers } from './parse-slack-users.ts';

/** Reads a bundle-relative text file. */
export type ReadText = (file: string) => Promise<string>;

/** The chat of a bundle: users, and every channel's messages sorted by time (stable). */
export interface SlackExport {
  users: ChatUser[];
  chat: ChatMessage[];
}

/**
 * Reads the Slack export of a bundle: `users.json` and `channels.json` (both optional) first, then every
 * `<channel>/<day>.json` in parallel. An empty (whitespace-only) day file is a problem and is skipped;
 * anything else that is invalid throws a BundleError.
 */
export async function readSlackExport(slack: BundleFileList['slack'], readText: ReadText, problems: IngestProblem[]): Promise<SlackExport> {
  const [usersText, channelsText, dayTexts] = await Promise.all([
    slack.users ? readText(slack.users) : undefined,
    slack.channels ? readText(slack.channels) : undefined,
    Promise.all(slack.days.map((d) => readText(d.file))),
  ]);
  const users = slack.users && usersText !== undefined ? parseSlackUsers(usersText, slack.users) : [];
  const channels = slack.channels && channelsText !== undefined ? parseSlackChannels(channelsText, slack.channels) : [];
  const context = {
    users: new Map(users.map((u) => [u.id, u])),
    channelNames: new Map(channels.map((c) => [c.id, c.name])),
  };
  const chat: ChatMessage[] = [];
  slack.days.forEach((day, i) => {
    const text = dayTexts[i] ?? '';
    if (isBlank(text)) {
      problems.push({ file: day.file, field: '(file)', message: 'empty file; skipped' });
      return;
    }
    for (const m of parseSlackMessages(text, day.file, { ...context, channel: day.channel })) chat.push(m);
  });
  return { users, chat: chat.sort((a, b) => a.timeMs - b.timeMs) };
}
