import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { startFakeSlackWebApi, type FakeSlackWebApi, type RecordedSlackCall } from '../support/fake-slack-web-api.ts';
import { createSlackApp, type SlackAppOptions, type SlackServer } from '../../src/slack/create-slack-app.ts';
import { IntakeJournal } from '../../src/slack/intake-journal.ts';
import { SlackSettingsSchema } from '../../src/slack/slack-settings.ts';
import { createStderrLogger } from '../../src/slack/stderr-logger.ts';
import { openJobQueue, type JobQueue, type SlackWork } from '../../src/jobs/job-queue.ts';
import type { Database } from '../../src/store/database.ts';
import { restartableStores, type RestartableStore } from '../jobs/restartable-stores.ts';
import { BOT_TOKEN, DEMO_CHANNEL_ID, DEMO_CHANNEL_NAME, DEMO_DIR, SIGNING_SECRET, eventCallback, mention, postSigned, recordingJobs, serveDemoChannel, slashCommand } from './slack-test-kit.ts';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const settings = SlackSettingsSchema.parse({ bundleDirs: { [DEMO_CHANNEL_NAME]: DEMO_DIR } });

let fake: FakeSlackWebApi;
let dir: string;
let journalPath: string;
let servers: SlackServer[];
let journals: IntakeJournal[];
let logLines: string[];

beforeEach(async () => {
  fake = await startFakeSlackWebApi();
  serveDemoChannel(fake);
  dir = mkdtempSync(join(tmpdir(), 'opsight-intake-'));
  journalPath = join(dir, 'slack-intake.jsonl');
  servers = [];
  journals = [];
  logLines = [];
});

afterEach(async () => {
  for (const s of servers) await s.stop();
  for (const j of journals) j.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const logger = () => createStderrLogger(LogLevel.WARN, (line) => void logLines.push(line));

/** Opens the journal as a (re)started serve process does, reading what the last run left. */
const openJournal = () => {
  const journal = IntakeJournal.open(journalPath, { logger: logger() });
  journals.push(journal);
  return journal;
};

/** A "crash": the process is gone, its journal file stays as it was. */
const crash = (journal: IntakeJournal) => {
  journal.close();
  journals.splice(journals.indexOf(journal), 1);
};

const start = async (overrides: Partial<SlackAppOptions> = {}) => {
  const server = createSlackApp({
    botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, slackApiUrl: fake.url, port: 0, settings, logger: logger(),
    retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 }, ...overrides,
  });
  servers.push(server);
  return { server, baseUrl: `http://127.0.0.1:${(await server.start()).port}` };
};

const records = () => readFileSync(journalPath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; id: string; work?: SlackWork; ts?: string });
/** Ids of the requests in the journal file without a "done". */
const unfinishedIds = () => {
  const done = new Set(records().filter((r) => r.type === 'done').map((r) => r.id));
  return records().filter((r) => r.type === 'request' && !done.has(r.id)).map((r) => r.id);
};

/** Writes journal lines as a run that died would have left them. */
const writeJournal = (...lines: object[]) => writeFileSync(journalPath, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
const mentionWork = (replyThreadTs: string, eventId: string): Extract<SlackWork, { kind: 'mention' }> => ({ kind: 'mention', channelId: DEMO_CHANNEL_ID, replyThreadTs, userId: 'U0WAG1PEEK', eventId });
const commandWork = (subcommand: string, responseUrl: string): SlackWork => ({
  kind: 'command', subcommand, commandName: '/incident', channelId: DEMO_CHANNEL_ID, channelName: DEMO_CHANNEL_NAME,
  userId: 'U0WAG1PEEK', userName: 'deepak', argText: '', args: [], responseUrl, triggerId: 'trig.1',
});
const texts = (call: RecordedSlackCall) => JSON.stringify([call.args.text, call.args.blocks]);
const settle = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

describe('the intake journal on the request path', () => {
  it('holds a mention and a slash command before Bolt writes their HTTP 200', async () => {
    // What the journal held at the moment each ack was written to the socket.
    const atAck: string[] = [];
    const original = ServerResponse.prototype.end;
    const spy = vi.spyOn(ServerResponse.prototype, 'end').mockImplementation(function (this: ServerResponse, ...args: unknown[]) {
      if (this.req?.url === '/slack/events') atAck.push(readFileSync(journalPath, 'utf8'));
      return Reflect.apply(original, this, args) as ServerResponse;
    });
    try {
      const { baseUrl } = await start({ intake: openJournal() });
      const acked = await postSigned(baseUrl, eventCallback(mention('<@UBOT> why is checkout failing?', '1772640000.000100'), 'EvJOURNALED'), JSON_TYPE);
      expect(acked.status).toBe(200);
      expect(atAck).toHaveLength(1);
      expect(atAck[0]).toContain('"eventId":"EvJOURNALED"');
      expect(atAck[0]).toContain('"question":"why is checkout failing?"');
      expect(atAck[0]).toContain('"replyThreadTs":"1772640000.000100"');
      const command = await postSigned(baseUrl, slashCommand('status', `${fake.url}response/cmd-1`), FORM);
      expect(command.status).toBe(200);
      expect(command.body).toContain('Checking the status');
      expect(atAck).toHaveLength(2);
      expect(atAck[1]).toContain('"subcommand":"status"');
      expect(atAck[1]).toContain(`"responseUrl":"${fake.url}response/cmd-1"`);
    } finally {
      spy.mockRestore();
    }
    // Both answered in process, then marked done.
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(fake.callsTo('response/cmd-1')).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(records().filter((r) => r.type === 'done')).toHaveLength(2));
    expect(records().filter((r) => r.type === 'placeholder')).toHaveLength(1);
  });

  it('journals neither the help nor a lifecycle subcommand, and marks a dropped re-delivery done at once', async () => {
    const journal = openJournal();
    const { baseUrl } = await start({ intake: journal });
    await postSigned(baseUrl, slashCommand('help', `${fake.url}response/help`), FORM);
    await postSigned(baseUrl, slashCommand('severity sev1', `${fake.url}response/sev`), FORM);
    expect(records()).toHaveLength(0);
    const body = eventCallback(mention('<@UBOT>', '1772640000.000200'), 'EvTWICE');
    await postSigned(baseUrl, body, JSON_TYPE);
    await postSigned(baseUrl, body, JSON_TYPE, { 'x-slack-retry-num': '1' });
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(records().filter((r) => r.type === 'done')).toHaveLength(2));
    crash(journal);
    expect(openJournal().unfinished).toEqual([]);
  });
});

describe('replay without a job queue (in-process answers)', () => {
  it('skips a truncated last line with a warning naming the file and line, and answers the rest in their threads', async () => {
    const now = Date.now();
    writeFileSync(journalPath, [
      JSON.stringify({ type: 'request', id: 'r1', receivedAtMs: now - 5000, work: mentionWork('1772640000.000301', 'EvA') }),
      JSON.stringify({ type: 'request', id: 'r2', receivedAtMs: now - 4000, work: { ...mentionWork('1772640000.000302', 'EvB'), question: 'why is checkout failing?' } }),
      '{"type":"request","id":"r3","receivedAtMs":17',
    ].join('\n'));
    await start({ intake: openJournal() });
    expect(logLines.join('')).toContain(`${journalPath}:3: skipped a line that is not an intake record`);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(2), { timeout: 10_000 });
    const threads = fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts).sort();
    expect(threads).toEqual(['1772640000.000301', '1772640000.000302']);
    expect(fake.callsTo('chat.update').map(texts).join('')).toContain('INC-2041');
    await vi.waitFor(() => expect(unfinishedIds()).toEqual([]));
  });
});

describe.each(restartableStores())('replay through the job queue on $name', ({ setup }) => {
  let store: RestartableStore;
  let db: Database;
  let queues: JobQueue[];

  beforeEach(async () => {
    store = await setup();
    db = await store.open();
    queues = [];
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
    for (const q of queues) await q.stop({ timeoutMs: 1000 }).catch(() => {});
    await store.teardown();
  });

  const openQueue = async () => {
    const queue = await openJobQueue(db, { settings: { schema: store.bossSchema, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 }, onError: () => {} });
    queues.push(queue);
    return queue;
  };
  /** A restart: the previous app and its queue stop, a new one starts on the same store and journal file. */
  const restart = async () => {
    for (const s of servers.splice(0)) await s.stop();
    for (const q of queues.splice(0)) await q.stop({ timeoutMs: 1000 });
    for (const j of journals.splice(0)) j.close();
    const queue = await openQueue();
    const { ids: enqueued, jobs } = recordingJobs(queue);
    await start({ jobs, intake: openJournal() });
    return { queue, enqueued };
  };

  it('a mention acked just before a crash (before its job insert) is answered once after the restart, in its thread, even when replayed twice', async () => {
    // The first process: acks, journals, posts "looking…", then dies before the job insert.
    const dying = openJournal();
    const { baseUrl } = await start({ intake: dying, jobs: { enqueueSlack: () => new Promise(() => {}), workSlack: async () => {} } });
    await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640000.000400', '1772637532.350805'), 'EvCRASHED'), JSON_TYPE);
    await vi.waitFor(() => expect(records().map((r) => r.type)).toEqual(['request', 'placeholder']), { timeout: 10_000 });
    crash(dying);
    const [looking] = fake.callsTo('chat.postMessage');
    expect(looking!.args.thread_ts).toBe('1772637532.350805');
    copyFileSync(journalPath, `${journalPath}.before-restart`);

    const first = await restart();
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 20_000 });
    const answer = fake.callsTo('chat.update')[0]!;
    expect(answer.args).toMatchObject({ channel: DEMO_CHANNEL_ID, ts: '1800000000.000001' }); // the first run's "looking…"
    expect(texts(answer)).toContain('INC-2041');
    expect(first.enqueued).toHaveLength(1);
    expect(first.enqueued[0]).toBeDefined();
    await vi.waitFor(() => expect(unfinishedIds()).toEqual([]));

    // Replayed again from the same journal (the restarted process died before writing "done"): the job's dedupe key drops it.
    copyFileSync(`${journalPath}.before-restart`, journalPath);
    const second = await restart();
    await vi.waitFor(() => expect(second.enqueued).toHaveLength(1), { timeout: 10_000 });
    expect(second.enqueued[0]).toBeUndefined();
    await settle();
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('chat.delete')).toHaveLength(0);
    expect(unfinishedIds()).toEqual([]);
  });

  it('a journaled mention with no "looking…" yet gets one and the answer; a second replay takes its own "looking…" back', async () => {
    writeJournal({ type: 'request', id: 'r-raw', receivedAtMs: Date.now() - 2000, work: mentionWork('1772640000.000500', 'EvRAW') });
    copyFileSync(journalPath, `${journalPath}.before-restart`);
    await restart();
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 20_000 });
    expect(fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual(['1772640000.000500']);
    expect(fake.callsTo('chat.update')[0]!.args.ts).toBe('1800000000.000001');

    copyFileSync(`${journalPath}.before-restart`, journalPath);
    const again = await restart();
    await vi.waitFor(() => expect(fake.callsTo('chat.delete')).toHaveLength(1), { timeout: 10_000 });
    expect(again.enqueued).toEqual([undefined]);
    await settle();
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    // Two "looking…" were posted, the second one deleted: one answer is left in the thread.
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.callsTo('chat.delete')[0]!.args.ts).not.toBe(fake.callsTo('chat.update')[0]!.args.ts);
  });

  it('an entry whose job was inserted before the crash is not answered twice', async () => {
    const before = await openQueue();
    const placeholderTs = '1700000000.000042';
    const work = mentionWork('1772640000.000600', 'EvINSERTED');
    expect(await before.enqueueSlack({ ...work, placeholderTs }, { dedupeKey: 'EvINSERTED' })).toBeDefined();
    writeJournal({ type: 'request', id: 'r-inserted', receivedAtMs: Date.now() - 3000, work }, { type: 'placeholder', id: 'r-inserted', ts: placeholderTs });
    const { enqueued } = await restart();
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 20_000 });
    expect(fake.callsTo('chat.update')[0]!.args.ts).toBe(placeholderTs);
    expect(enqueued).toEqual([undefined]);
    await settle();
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(fake.callsTo('chat.delete')).toHaveLength(0);
  });

  it('a journaled /incident status is answered once through its response_url, replayed twice', async () => {
    writeJournal({ type: 'request', id: 'r-status', receivedAtMs: Date.now() - 1000, work: commandWork('status', `${fake.url}response/replayed`) });
    copyFileSync(journalPath, `${journalPath}.before-restart`);
    const first = await restart();
    await vi.waitFor(() => expect(fake.callsTo('response/replayed')).toHaveLength(1), { timeout: 20_000 });
    expect(String(fake.callsTo('response/replayed')[0]!.args.text)).toContain('INC-2041');
    expect(first.enqueued).toHaveLength(1);
    copyFileSync(`${journalPath}.before-restart`, journalPath);
    const second = await restart();
    await vi.waitFor(() => expect(second.enqueued).toEqual([undefined]), { timeout: 10_000 });
    await settle();
    expect(fake.callsTo('response/replayed')).toHaveLength(1);
  });

  it('too old, or replayed too often: an apology in the thread (or through response_url) instead of an answer, and a log line', async () => {
    const hourAgo = Date.now() - 60 * 60 * 1000;
    writeJournal(
      { type: 'request', id: 'r-old-mention', receivedAtMs: hourAgo, work: mentionWork('1772640000.000700', 'EvOLD') },
      { type: 'placeholder', id: 'r-old-mention', ts: '1700000000.000070' },
      { type: 'request', id: 'r-old-command', receivedAtMs: hourAgo, work: commandWork('summarize', `${fake.url}response/old`) },
      { type: 'request', id: 'r-crashy', receivedAtMs: Date.now() - 1000, replays: 3, work: mentionWork('1772640000.000800', 'EvCRASHY') },
    );
    const { enqueued } = await restart();
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(fake.callsTo('response/old')).toHaveLength(1), { timeout: 10_000 });
    const update = fake.callsTo('chat.update')[0]!;
    expect(update.args.ts).toBe('1700000000.000070');
    expect(texts(update)).toContain('Sorry, I restarted before I could answer this (asked 60 min ago)');
    expect(fake.callsTo('chat.postMessage')[0]!.args.thread_ts).toBe('1772640000.000800');
    expect(texts(fake.callsTo('chat.postMessage')[0]!)).toContain('Sorry, I restarted');
    expect(String(fake.callsTo('response/old')[0]!.args.text)).toContain('Sorry, I restarted before `/incident summarize` finished');
    const log = logLines.join('');
    expect(log).toContain('request r-old-mention');
    expect(log).toContain('older than slack.replayMaxAgeSeconds (1800 s): apologizing instead of answering');
    expect(log).toContain('request r-crashy');
    expect(log).toContain('replayed 3 times already');
    await settle(500);
    expect(enqueued).toEqual([]);
    await vi.waitFor(() => expect(unfinishedIds()).toEqual([]));
  });
});
