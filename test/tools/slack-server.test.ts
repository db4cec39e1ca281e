import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSlackBackend } from '../../tools/slack/index.ts';
import { createSlackServer } from '../../tools/slack/server.ts';
import { connectInMemory, textOf } from './connect-in-memory.ts';

const DEMO = 'examples/demo-incident';
const CHANNEL = 'inc-20260304-payment';

describe('slack server on the demo bundle', () => {
  let mcp: Awaited<ReturnType<typeof connectInMemory>>;
  beforeAll(async () => {
    mcp = await connectInMemory(createSlackServer(await openSlackBackend({ bundleDir: DEMO, env: {} })));
  });
  afterAll(() => mcp.close());

  it('lists the tools with read-only annotations and output schemas', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'slack_get_channel_history', 'slack_get_thread_replies', 'slack_get_user', 'slack_list_channels', 'slack_list_users', 'slack_search_channel',
    ]);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.outputSchema).toBeDefined();
    }
  });

  it('pages channel history back in time, native message objects oldest first in each page', async () => {
    const first = await mcp.call('slack_get_channel_history', { channel: CHANNEL, limit: 5 });
    expect(first.isError).toBeFalsy();
    const page1 = first.structuredContent as { channel: { id: string; name: string }; messages: Array<{ ts: string; type: string }>; nextCursor?: string; truncated: boolean };
    expect(page1.channel).toEqual({ id: 'C07FYP5JX0', name: CHANNEL });
    expect(page1.messages).toHaveLength(5);
    expect(page1.truncated).toBe(true);
    expect(page1.messages[0]?.type).toBe('message');
    const ts = page1.messages.map((m) => Number(m.ts));
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);

    const second = (await mcp.call('slack_get_channel_history', { channel: 'C07FYP5JX0', limit: 5, cursor: page1.nextCursor })).structuredContent as typeof page1;
    expect(Number(second.messages.at(-1)?.ts)).toBeLessThan(ts[0] ?? 0);
  });

  it('filters history by start/end and leaves thread replies out', async () => {
    const all = (await mcp.call('slack_get_channel_history', { channel: `#${CHANNEL}`, limit: 200 })).structuredContent as { messages: Array<{ ts: string; thread_ts?: string }>; truncated: boolean };
    expect(all.truncated).toBe(false);
    expect(all.messages.every((m) => !m.thread_ts || m.thread_ts === m.ts)).toBe(true);
    const ranged = (await mcp.call('slack_get_channel_history', { channel: CHANNEL, start: '2026-03-04T15:15:00Z', end: '2026-03-04T15:20:00Z', limit: 200 })).structuredContent as typeof all;
    expect(ranged.messages.length).toBeGreaterThan(0);
    expect(ranged.messages.length).toBeLessThan(all.messages.length);
    for (const m of ranged.messages) {
      expect(Number(m.ts) * 1000).toBeGreaterThanOrEqual(Date.parse('2026-03-04T15:15:00Z'));
      expect(Number(m.ts) * 1000).toBeLessThanOrEqual(Date.parse('2026-03-04T15:20:00Z'));
    }
  });

  it('returns a thread: parent first, then replies', async () => {
    const history = (await mcp.call('slack_get_channel_history', { channel: CHANNEL, limit: 200 })).structuredContent as { messages: Array<{ ts: string; reply_count?: number }> };
    const parent = history.messages.find((m) => (m.reply_count ?? 0) > 0);
    expect(parent).toBeDefined();
    const thread = (await mcp.call('slack_get_thread_replies', { channel: CHANNEL, threadTs: parent?.ts })).structuredContent as { messages: Array<{ ts: string; thread_ts: string }> };
    expect(thread.messages[0]?.ts).toBe(parent?.ts);
    expect(thread.messages.length).toBe((parent?.reply_count ?? 0) + 1);
    expect(thread.messages.every((m) => m.thread_ts === parent?.ts)).toBe(true);
  });

  it('looks users up and lists them', async () => {
    const user = await mcp.call('slack_get_user', { userId: 'U0WAG1PEEK' });
    expect(user.structuredContent).toMatchObject({ user: { id: 'U0WAG1PEEK', name: 'deepak', real_name: 'Deepak Nguyen', profile: { title: 'SRE' } } });
    const users = (await mcp.call('slack_list_users', { limit: 2 })).structuredContent as { users: unknown[]; truncated: boolean; nextCursor?: string };
    expect(users.users).toHaveLength(2);
    expect(users.truncated).toBe(true);
    expect(users.nextCursor).toBeTypeOf('string');
  });

  it('searches a channel case-insensitively', async () => {
    const found = (await mcp.call('slack_search_channel', { channel: CHANNEL, query: 'DASHBOARDS' })).structuredContent as { messages: Array<{ text: string }>; truncated: boolean };
    expect(found.messages.length).toBeGreaterThan(1);
    expect(found.messages.every((m) => m.text.toLowerCase().includes('dashboards'))).toBe(true);
    const limited = (await mcp.call('slack_search_channel', { channel: CHANNEL, query: 'dashboards', limit: 1 })).structuredContent as typeof found;
    expect(limited.messages).toHaveLength(1);
    expect(limited.truncated).toBe(true);
  });

  it.each([
    ['slack_get_channel_history', { channel: CHANNEL, limit: 500 }, 'limit'],
    ['slack_get_channel_history', { channel: CHANNEL, start: 'yesterday' }, 'start'],
    ['slack_get_channel_history', { limit: 5 }, 'channel'],
    ['slack_get_thread_replies', { channel: CHANNEL, threadTs: 'abc' }, 'threadTs'],
    ['slack_get_user', { userId: 'nobody' }, 'userId'],
  ])('%s with invalid arguments %j names %s', async (tool, args, argument) => {
    const result = await mcp.call(tool, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Input validation error');
    expect(textOf(result)).toContain(argument);
  });

  it.each([
    ['slack_get_channel_history', { channel: CHANNEL, start: '2026-03-04T16:00:00Z', end: '2026-03-04T15:00:00Z' }, /Invalid argument start/],
    ['slack_get_channel_history', { channel: CHANNEL, cursor: 'not-a-cursor' }, /Invalid argument cursor/],
    ['slack_get_channel_history', { channel: 'no-such-channel' }, /No channel "no-such-channel".*inc-20260304-payment/],
    ['slack_get_user', { userId: 'U999' }, /No user "U999"/],
  ])('%s %j is an error result: %s', async (tool, args, message) => {
    const result = await mcp.call(tool, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
  });
});
