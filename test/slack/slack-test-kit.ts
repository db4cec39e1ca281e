import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JobQueue } from '../../src/jobs/job-queue.ts';
import type { SlackJobs } from '../../src/slack/slack-app-services.ts';
import type { FakeSlackWebApi } from '../support/fake-slack-web-api.ts';

export const DEMO_DIR = fileURLToPath(new URL('../../examples/demo-incident', import.meta.url));
export const DEMO_CHANNEL_ID = 'C07FYP5JX0';
export const DEMO_CHANNEL_NAME = 'inc-20260304-payment';
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token-0000';

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:{ts}:{body}`). */
export function signSlackRequest(body: string, secret = SIGNING_SECRET, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestampSeconds) };
}

/** A response plus how long the ack took. */
export interface Acked {
  status: number;
  body: string;
  ackMs: number;
}

/** POSTs a signed body to the app exactly as Slack does (JSON for events, form for commands and actions). */
export async function postSigned(baseUrl: string, body: string, contentType: string, extraHeaders: Record<string, string> = {}, sign = signSlackRequest): Promise<Acked> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...sign(body), ...extraHeaders }, body });
  const text = await res.text();
  return { status: res.status, body: text, ackMs: performance.now() - started };
}

/** An Events API `event_callback` around `event`. */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`): string {
  return JSON.stringify({ token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event });
}

/** An `app_mention` in the demo channel. */
export function mention(text: string, ts: string, threadTs?: string, user = 'U0WAG1PEEK'): Record<string, unknown> {
  return { type: 'app_mention', user, text, ts, channel: DEMO_CHANNEL_ID, event_ts: ts, ...(threadTs ? { thread_ts: threadTs } : {}) };
}

/** A slash command's form body. */
export function slashCommand(text: string, responseUrl: string, user = 'U0WAG1PEEK', command = '/incident'): string {
  return new URLSearchParams({
    token: 'legacy', team_id: 'T1', team_domain: 'example', channel_id: DEMO_CHANNEL_ID, channel_name: DEMO_CHANNEL_NAME,
    user_id: user, user_name: 'deepak', command, text, api_app_id: 'A1', response_url: responseUrl, trigger_id: 'trig.1',
  }).toString();
}

/** A `block_actions` form body for a click on `actionId` with `value`, on the message `message`. */
export function blockAction(actionId: string, value: string, message: { ts: string; text?: string; blocks: unknown[] }, user = 'U0WAG1PEEK'): string {
  const payload = {
    type: 'block_actions', team: { id: 'T1' }, user: { id: user, username: 'someone', team_id: 'T1' }, api_app_id: 'A1', token: 'legacy',
    container: { type: 'message', message_ts: message.ts, channel_id: DEMO_CHANNEL_ID }, trigger_id: 'trig.2',
    channel: { id: DEMO_CHANNEL_ID, name: DEMO_CHANNEL_NAME }, message: { type: 'message', ts: message.ts, text: message.text ?? '', blocks: message.blocks },
    response_url: 'http://127.0.0.1:9/unused', actions: [{ action_id: actionId, block_id: `proposal-actions:${value}`, value, type: 'button', action_ts: '1' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * Serves the demo incident's chat from the stand-in, as the Web API would: `conversations.info`,
 * `conversations.history` (newest first, `pageSize` per page with cursors), `conversations.replies`
 * and `users.info`. Extra messages (a pasted secret …) can be appended.
 */
export function serveDemoChannel(fake: FakeSlackWebApi, pageSize = 50, extra: Array<Record<string, unknown>> = []): void {
  const read = (file: string) => JSON.parse(readFileSync(`${DEMO_DIR}/slack/${file}`, 'utf8')) as Array<Record<string, unknown>>;
  const messages = [...read(`${DEMO_CHANNEL_NAME}/2026-03-04.json`), ...extra];
  const users = read('users.json');
  const channel = read('channels.json').find((c) => c.name === DEMO_CHANNEL_NAME)!;
  const topLevel = messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts).sort((a, b) => Number(b.ts) - Number(a.ts));
  fake.on('conversations.info', () => ({ channel: { ...channel, id: DEMO_CHANNEL_ID } }));
  fake.on('conversations.history', (args) => {
    const start = Number(args.cursor ?? 0);
    const page = topLevel.slice(start, start + pageSize);
    const next = start + pageSize < topLevel.length ? String(start + pageSize) : '';
    return { messages: page, has_more: Boolean(next), response_metadata: { next_cursor: next } };
  });
  fake.on('conversations.replies', (args) => ({ messages: messages.filter((m) => m.ts === args.ts || m.thread_ts === args.ts), has_more: false }));
  fake.on('users.info', (args) => {
    const user = users.find((u) => u.id === args.user);
    return user ? { user } : { ok: false, error: 'user_not_found' };
  });
}

/** The queue as the app sees it, recording what each enqueue returned (a job id, or undefined for a dropped duplicate). */
export function recordingJobs(queue: JobQueue): { ids: Array<string | undefined>; jobs: SlackJobs } {
  const ids: Array<string | undefined> = [];
  const jobs: SlackJobs = {
    enqueueSlack: async (work, options) => {
      const id = await queue.enqueueSlack(work, options);
      ids.push(id);
      return id;
    },
    workSlack: (handler, options) => queue.workSlack(handler, options),
  };
  return { ids, jobs };
}
