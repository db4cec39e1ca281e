import type { Person } from './people.ts';
import type { Rng } from './rng.ts';
import type { ChatResult } from './synthesize-chat.ts';

/**
 * Slack export files (users.json, channels.json, `<channel>/<YYYY-MM-DD>.json`) for a chat.
 * `ts` is unique per channel; days are UTC; thread parents get `reply_count`/`replies`.
 */
export function formatSlackExport(rng: Rng, chat: ChatResult, users: readonly Person[]): Map<string, string> {
  const files = new Map<string, string>();
  const channelIds = new Map(chat.channels.map((c) => [c.name, `C0${rng.alnum(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`]));
  files.set('slack/users.json', json(users.map((u) => ({
    id: u.id, team_id: 'T0EXAMPLE1', name: u.handle, deleted: false, real_name: u.realName, is_bot: u.isBot,
    profile: { title: u.title, display_name: u.isBot ? u.realName : u.handle, real_name: u.realName, ...(u.isBot ? { bot_id: botIdOf(u) } : {}) },
  }))));
  files.set('slack/channels.json', json(chat.channels.map((c) => ({
    id: channelIds.get(c.name), name: c.name, created: Math.floor(c.createdMs / 1000), creator: c.members[0] ?? '',
    is_archived: false, is_general: false, members: c.members,
    topic: { value: c.topic, creator: c.members[0] ?? '', last_set: Math.floor(c.createdMs / 1000) },
    purpose: { value: c.purpose, creator: c.members[0] ?? '', last_set: Math.floor(c.createdMs / 1000) },
  }))));
  // Unique ts per channel, in time order.
  const order = chat.messages.map((m, i) => i).sort((a, b) => (chat.messages[a]?.timeMs ?? 0) - (chat.messages[b]?.timeMs ?? 0));
  const tsOf = new Map<number, string>();
  const lastMicros = new Map<string, number>();
  for (const i of order) {
    const m = chat.messages[i];
    if (!m) continue;
    let micros = m.timeMs * 1000 + rng.int(0, 999);
    const last = lastMicros.get(m.channel) ?? 0;
    if (micros <= last) micros = last + 1;
    lastMicros.set(m.channel, micros);
    tsOf.set(i, `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`);
  }
  const replies = new Map<number, number[]>();
  chat.messages.forEach((m, i) => {
    if (m.parent !== undefined) replies.set(m.parent, [...(replies.get(m.parent) ?? []), i]);
  });
  const byFile = new Map<string, Array<{ ts: string; obj: Record<string, unknown> }>>();
  for (const i of order) {
    const m = chat.messages[i];
    if (!m) continue;
    const ts = tsOf.get(i) as string;
    const obj: Record<string, unknown> = { type: 'message', text: m.text, ts };
    if (m.from.isBot) {
      obj.subtype = 'bot_message';
      obj.bot_id = botIdOf(m.from);
      obj.username = m.from.realName;
    } else {
      obj.user = m.from.id;
    }
    if (m.attachments) obj.attachments = m.attachments.map((a, k) => ({ id: k + 1, ...a }));
    if (m.parent !== undefined) {
      obj.thread_ts = tsOf.get(m.parent);
      obj.parent_user_id = chat.messages[m.parent]?.from.id;
    }
    const kids = replies.get(i);
    if (kids && kids.length > 0) {
      obj.thread_ts = ts;
      obj.reply_count = kids.length;
      obj.reply_users_count = new Set(kids.map((k) => chat.messages[k]?.from.id)).size;
      obj.latest_reply = tsOf.get(kids[kids.length - 1] as number);
      obj.replies = kids.map((k) => ({ user: chat.messages[k]?.from.id, ts: tsOf.get(k) }));
    }
    if (m.reactions) obj.reactions = m.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }));
    const day = new Date(m.timeMs).toISOString().slice(0, 10);
    const key = `slack/${m.channel}/${day}.json`;
    const list = byFile.get(key) ?? [];
    list.push({ ts, obj });
    byFile.set(key, list);
  }
  for (const [key, list] of byFile) files.set(key, json(list.map((x) => x.obj)));
  return files;
}

function botIdOf(p: Person): string {
  return `B${p.id.slice(2)}`;
}

function json(v: unknown): string {
  return `${JSON.stringify(v, null, 1)}\n`;
}
