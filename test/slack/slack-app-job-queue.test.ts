import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { createSlackApp, type SlackAppOptions, type SlackServer } from '../../src/slack/create-slack-app.ts';
import { SlackSettingsSchema } from '../../src/slack/slack-settings.ts';
import { createStderrLogger } from '../../src/slack/stderr-logger.ts';
import { SLACK_QUEUE, openJobQueue, type JobQueue } from '../../src/jobs/job-queue.ts';
import type { SlackJobs } from '../../src/slack/slack-app-services.ts';
import type { Database } from '../../src/store/database.ts';
import { restartableStores, type RestartableStore } from '../jobs/restartable-stores.ts';
import { BOT_TOKEN, DEMO_CHANNEL_ID, DEMO_CHANNEL_NAME, DEMO_DIR, SIGNING_SECRET, eventCallback, mention, postSigned, recordingJobs, serveDemoChannel, slashCommand } from './slack-test-kit.ts';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const settings = SlackSettingsSchema.parse({ bundleDirs: { [DEMO_CHANNEL_NAME]: DEMO_DIR } });

describe.each(restartableStores())('Slack work through the job queue on $name', ({ setup }) => {
  let store: RestartableStore;
  let fake: FakeSlackWebApi;
  let servers: SlackServer[];
  let queues: JobQueue[];
  let logLines: string[];

  const openQueue = async (db: Database) => {
    const queue = await openJobQueue(db, { settings: { schema: store.bossSchema, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 }, onError: () => {} });
    queues.push(queue);
    return queue;
  };
  const start = async (jobs: SlackJobs, overrides: Partial<SlackAppOptions> = {}) => {
    const server = createSlackApp({
      botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, slackApiUrl: fake.url, port: 0, settings, jobs,
      logger: createStderrLogger(LogLevel.ERROR, (line) => logLines.push(line)), retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 }, ...overrides,
    });
    servers.push(server);
    return { server, baseUrl: `http://127.0.0.1:${(await server.start()).port}` };
  };

  beforeEach(async () => {
    store = await setup();
    servers = [];
    queues = [];
    logLines = [];
    fake = await startFakeSlackWebApi();
    serveDemoChannel(fake);
  });
  afterEach(async () => {
    for (const s of servers) await s.stop();
    for (const q of queues) await q.stop({ timeoutMs: 1000 }).catch(() => {});
    await fake.close();
    await store.teardown();
  });

  const recorded = recordingJobs;

  it('an @mention is answered by a job: "looking…" first, then the summary replaces it; a re-delivery adds nothing', async () => {
    const queue = await openQueue(await store.open());
    const { ids, jobs } = recorded(queue);
    const { server, baseUrl } = await start(jobs);
    const body = eventCallback(mention('<@UBOT>', '1772640000.000100'), 'EvJOB1');
    expect((await postSigned(baseUrl, body, JSON_TYPE)).status).toBe(200);
    expect((await postSigned(baseUrl, body, JSON_TYPE, { 'x-slack-retry-num': '1' })).status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 20_000 });
    const [looking] = fake.callsTo('chat.postMessage');
    expect(looking!.args).toMatchObject({ channel: DEMO_CHANNEL_ID, thread_ts: '1772640000.000100' });
    expect(String(looking!.args.text)).toMatch(/Looking/);
    const update = fake.callsTo('chat.update')[0]!;
    expect(update.args.ts).toBe('1800000000.000001');
    expect(JSON.stringify(update.args.blocks)).toContain('INC-2041');
    expect(JSON.stringify(update.args.blocks)).toContain('Key timeline');
    expect(ids).toHaveLength(1);
    await vi.waitFor(async () => expect((await queue.getJob(SLACK_QUEUE, ids[0]!))?.state).toBe('completed'), { timeout: 10_000 });
    expect(server.services.metrics.duplicates.get()).toBe(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('the same event delivered to two serve processes on one store is answered once; the extra "looking…" is taken back', async () => {
    const dbA = await store.open();
    const dbB = store.concurrentOpens ? await store.open() : dbA;
    const a = recorded(await openQueue(dbA));
    const b = recorded(await openQueue(dbB));
    const appA = await start(a.jobs);
    const appB = await start(b.jobs);
    const body = eventCallback(mention('<@UBOT> why is checkout failing?', '1772640000.000200'), 'EvTWOPROCS');
    await postSigned(appA.baseUrl, body, JSON_TYPE);
    await vi.waitFor(() => expect(a.ids).toHaveLength(1), { timeout: 10_000 });
    await postSigned(appB.baseUrl, body, JSON_TYPE, { 'x-slack-retry-num': '1' });
    await vi.waitFor(() => expect(b.ids).toHaveLength(1), { timeout: 10_000 });
    expect(a.ids[0]).toBeDefined();
    expect(b.ids[0]).toBeUndefined();
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 20_000 });
    await vi.waitFor(() => expect(fake.callsTo('chat.delete')).toHaveLength(1), { timeout: 10_000 });
    const placeholders = fake.callsTo('chat.postMessage');
    expect(placeholders).toHaveLength(2);
    // The answer replaced one placeholder, the other one was deleted.
    expect(new Set([fake.callsTo('chat.update')[0]!.args.ts, fake.callsTo('chat.delete')[0]!.args.ts])).toEqual(new Set(['1800000000.000001', '1800000001.000002']));
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('a job whose analysis keeps failing is retried, then answered with the apology (error id, no stack)', async () => {
    let attempts = 0;
    const queue = await openQueue(await store.open());
    const { ids, jobs } = recorded(queue);
    const { baseUrl } = await start(jobs, { responder: () => ({ respond: async () => { attempts++; throw new Error('boom at secret internals'); } }) });
    const res = await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640000.000300'), 'EvFAILS'), JSON_TYPE);
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 30_000 });
    expect(attempts).toBe(3); // the first attempt and SLACK_QUEUE_OPTIONS.retryLimit (2) retries
    const update = JSON.stringify([fake.callsTo('chat.update')[0]!.args.text, fake.callsTo('chat.update')[0]!.args.blocks]);
    expect(update).toMatch(/Sorry, I could not finish this: an internal error/);
    expect(update).toMatch(/Error id `[0-9a-f]{8}`/);
    expect(update).not.toContain('boom');
    expect(logLines.join('')).toContain('boom at secret internals');
    await vi.waitFor(async () => expect((await queue.getJob(SLACK_QUEUE, ids[0]!))?.state).toBe('completed'), { timeout: 10_000 });
  });

  it('jobs queued while no serve process was running are answered when one starts', async () => {
    const db = await store.open();
    const before = await openQueue(db);
    const id = await before.enqueueSlack({ kind: 'mention', channelId: DEMO_CHANNEL_ID, replyThreadTs: '1772640000.000400', userId: 'U0WAG1PEEK', placeholderTs: '1700000000.000042', eventId: 'EvQUEUED' }, { dedupeKey: 'EvQUEUED' });
    expect(id).toBeDefined();
    await before.stop({ timeoutMs: 1000 });
    queues.splice(queues.indexOf(before), 1);
    const after = await openQueue(db);
    await start(after);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 20_000 });
    const update = fake.callsTo('chat.update')[0]!;
    expect(update.args.ts).toBe('1700000000.000042');
    expect(JSON.stringify(update.args.blocks)).toContain('INC-2041');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    await vi.waitFor(async () => expect((await after.getJob(SLACK_QUEUE, id!))?.state).toBe('completed'), { timeout: 10_000 });
  });

  it('/incident summarize and /incident status run as jobs and answer as before', async () => {
    const queue = await openQueue(await store.open());
    const { ids, jobs } = recorded(queue);
    const { baseUrl } = await start(jobs);
    const responseUrl = `${fake.url}response/cmd-1`;
    const summarize = await postSigned(baseUrl, slashCommand('summarize', responseUrl), FORM);
    expect(summarize.status).toBe(200);
    expect(summarize.body).toContain('Summarizing');
    await postSigned(baseUrl, slashCommand('status', responseUrl), FORM);
    await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 20_000 });
    const post = fake.callsTo('chat.postMessage')[0]!;
    expect(post.args.channel).toBe(DEMO_CHANNEL_ID);
    expect(post.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(post.args.blocks)).toContain('INC-2041');
    await vi.waitFor(() => expect(fake.callsTo('response/cmd-1')).toHaveLength(1), { timeout: 20_000 });
    const status = fake.callsTo('response/cmd-1')[0]!;
    expect(String(status.args.text)).toContain('INC-2041');
    expect(status.args.response_type).toBe('ephemeral');
    expect(ids.filter(Boolean)).toHaveLength(2);
  });
});
