import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackLiveBackend } from '../../tools/slack/live-backend.ts';
import { createSlackServer } from '../../tools/slack/server.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { connectInMemory, textOf } from './connect-in-memory.ts';

const CHANNEL = { id: 'C0INCIDENT', name: 'inc-payments' };
const msg = (ts: string, text: string) => ({ type: 'message', user: 'U0AAA', text, ts });

describe('slack live backend against a local Slack Web API', () => {
  let fake: FakeSlackWebApi;
  let mcp: Awaited<ReturnType<typeof connectInMemory>>;
  const waits: number[] = [];

  beforeEach(async () => {
    fake = await startFakeSlackWebApi();
    waits.length = 0;
    fake.on('conversations.info', (args) => (args.channel === CHANNEL.id ? { channel: CHANNEL } : { ok: false, error: 'channel_not_found' }));
    const backend = createSlackLiveBackend({
      token: 'xoxb-test',
      apiUrl: fake.url,
      rateLimit: { maxAttempts: 3, maxWaitSeconds: 30, wait: async (ms) => void waits.push(ms) },
    });
    mcp = await connectInMemory(createSlackServer(backend));
  });
  afterEach(async () => {
    await mcp.close();
    await fake.close();
  });

  it('passes range and cursor to conversations.history and returns the page oldest first', async () => {
    fake.on('conversations.history', () => ({ messages: [msg('1772637200.000200', 'newer'), msg('1772637100.000100', 'older')], has_more: true, response_metadata: { next_cursor: 'c2' } }));
    const result = await mcp.call('slack_get_channel_history', { channel: CHANNEL.id, start: '2026-03-04T15:00:00Z', end: '2026-03-04T16:00:00Z', limit: 2 });
    expect(result.structuredContent).toMatchObject({ channel: CHANNEL, nextCursor: 'c2', truncated: true, messages: [{ text: 'older' }, { text: 'newer' }] });
    const [call] = fake.callsTo('conversations.history');
    expect(call?.token).toBe('xoxb-test');
    expect(call?.args).toMatchObject({ channel: CHANNEL.id, oldest: '1772636400.000000', latest: '1772640000.000000', limit: '2' });
  });

  it('resolves a channel name through conversations.list pages and searches across 3 history pages', async () => {
    fake.on('conversations.list', (args) =>
      args.cursor === 'p2'
        ? { channels: [CHANNEL] }
        : { channels: [{ id: 'C0OTHER', name: 'general' }], response_metadata: { next_cursor: 'p2' } },
    );
    const pages: Record<string, Record<string, unknown>> = {
      '': { messages: [msg('1772637300.000000', 'Rollback done'), msg('1772637250.000000', 'coffee')], has_more: true, response_metadata: { next_cursor: 'h2' } },
      h2: { messages: [msg('1772637200.000000', 'planning a ROLLBACK')], has_more: true, response_metadata: { next_cursor: 'h3' } },
      h3: { messages: [msg('1772637100.000000', 'rollback of payments v2'), msg('1772637000.000000', 'hello')], has_more: false },
    };
    fake.on('conversations.history', (args) => pages[String(args.cursor ?? '')] ?? { ok: false, error: 'invalid_cursor' });
    const result = await mcp.call('slack_search_channel', { channel: '#inc-payments', query: 'rollback' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      channel: CHANNEL,
      truncated: false,
      messages: [{ text: 'rollback of payments v2' }, { text: 'planning a ROLLBACK' }, { text: 'Rollback done' }],
    });
    expect(fake.callsTo('conversations.history').map((c) => c.args.cursor)).toEqual([undefined, 'h2', 'h3']);
    expect(fake.callsTo('conversations.list')).toHaveLength(2);
  });

  it('pages users.list with Slack cursors', async () => {
    fake.on('users.list', (args) =>
      args.cursor === 'u2'
        ? { members: [{ id: 'U2', name: 'bob' }] }
        : { members: [{ id: 'U1', name: 'alice', real_name: 'Alice', is_bot: false, profile: { title: 'SRE' } }], response_metadata: { next_cursor: 'u2' } },
    );
    const first = await mcp.call('slack_list_users', { limit: 1 });
    expect(first.structuredContent).toMatchObject({ users: [{ id: 'U1', profile: { title: 'SRE' } }], nextCursor: 'u2', truncated: true });
    const second = await mcp.call('slack_list_users', { limit: 1, cursor: 'u2' });
    expect(second.structuredContent).toEqual({ users: [{ id: 'U2', name: 'bob' }], truncated: false });
  });

  it('waits Retry-After on 429 and retries', async () => {
    let calls = 0;
    fake.on('users.info', () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { user: { id: 'U1', name: 'alice' } }));
    const result = await mcp.call('slack_get_user', { userId: 'U1' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ user: { id: 'U1', name: 'alice' } });
    expect(waits).toEqual([2000]);
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });

  it('gives up after the bounded number of 429s with an error result', async () => {
    fake.on('users.info', () => ({ status: 429, headers: { 'retry-after': '1' } }));
    const result = await mcp.call('slack_get_user', { userId: 'U1' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/users\.info failed with error "ratelimited".*3 attempt/);
    expect(fake.callsTo('users.info')).toHaveLength(3);
  });

  it('turns ok:false into an error result naming the Slack error code', async () => {
    fake.on('conversations.replies', () => ({ ok: false, error: 'thread_not_found' }));
    const result = await mcp.call('slack_get_thread_replies', { channel: CHANNEL.id, threadTs: '1772637100.000100' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/conversations\.replies failed with error "thread_not_found"/);
    const missing = await mcp.call('slack_get_channel_history', { channel: 'C0MISSING' });
    expect(textOf(missing)).toMatch(/conversations\.info failed with error "channel_not_found"/);
  });

  it('reports an unreachable Slack as an error result, and keeps serving', async () => {
    const backend = createSlackLiveBackend({ token: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/', timeoutMs: 2000 });
    const down = await connectInMemory(createSlackServer(backend));
    const result = await down.call('slack_get_user', { userId: 'U1' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Slack Web API at http:\/\/127\.0\.0\.1:9\/api\/ is unavailable/);
    const again = await down.call('slack_list_users', {});
    expect(again.isError).toBe(true);
    await down.close();
  });
});
