import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { startFakeSlackWebApi, type FakeSlackWebApi, type RecordedSlackCall } from '../support/fake-slack-web-api.ts';
import { createSlackApp, type SlackAppOptions, type SlackServer } from '../../src/slack/create-slack-app.ts';
import { SlackSettingsSchema } from '../../src/slack/slack-settings.ts';
import { createStderrLogger } from '../../src/slack/stderr-logger.ts';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/slack/blocks/proposal-blocks.ts';
import type { DecisionOutcome, ProposalDecisions } from '../../src/slack/ports.ts';
import { UserError } from '../../src/domain/errors.ts';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import {
  BOT_TOKEN, DEMO_CHANNEL_ID, DEMO_CHANNEL_NAME, DEMO_DIR, SIGNING_SECRET,
  blockAction, eventCallback, mention, postSigned, serveDemoChannel, signSlackRequest, slashCommand,
} from './slack-test-kit.ts';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

let fake: FakeSlackWebApi;
let server: SlackServer;
let baseUrl: string;
let logLines: string[];

async function start(overrides: Partial<SlackAppOptions> = {}): Promise<void> {
  server = createSlackApp({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    slackApiUrl: fake.url,
    port: 0,
    settings: SlackSettingsSchema.parse({ bundleDirs: { [DEMO_CHANNEL_NAME]: DEMO_DIR } }),
    logger: createStderrLogger(LogLevel.ERROR, (line) => void logLines.push(line)),
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    ...overrides,
  });
  const { port } = await server.start();
  baseUrl = `http://127.0.0.1:${port}`;
}

beforeEach(async () => {
  logLines = [];
  fake = await startFakeSlackWebApi();
  serveDemoChannel(fake);
});

afterEach(async () => {
  await server?.stop();
  await fake.close();
});

const texts = (call: RecordedSlackCall) => JSON.stringify([call.args.text, call.args.blocks]);
const responseUrl = () => `${fake.url}response/cmd-1`;

describe('Slack app over signed HTTP requests', () => {
  it('answers url_verification with the challenge', async () => {
    await start();
    const res = await postSigned(baseUrl, JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'ch-123' }), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.body).toContain('ch-123');
  });

  it('rejects a forged signature and a stale timestamp without touching Slack', async () => {
    await start();
    const body = eventCallback(mention('<@UBOT> status?', '1772640000.000100'));
    const forged = await postSigned(baseUrl, body, JSON_TYPE, {}, (b) => signSlackRequest(b, 'not-the-secret'));
    const stale = await postSigned(baseUrl, body, JSON_TYPE, {}, (b) => signSlackRequest(b, SIGNING_SECRET, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a signed but malformed body gets 400, a mention without a channel is ignored, and the server keeps serving', async () => {
    await start();
    const garbage = await postSigned(baseUrl, '{"type": "event_callback", ', JSON_TYPE);
    expect(garbage.status).toBe(400);
    const noChannel = await postSigned(baseUrl, eventCallback({ type: 'app_mention', user: 'U1', text: '<@UBOT>', ts: '1772640000.000900' }), JSON_TYPE);
    expect(noChannel.status).toBe(200);
    const ok = await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640000.000901')), JSON_TYPE);
    expect(ok.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });

  it('@mention without a question: "looking…" in the thread, then the summary replaces it', async () => {
    await start();
    const res = await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640000.000100')), JSON_TYPE);
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    const [looking] = fake.callsTo('chat.postMessage');
    expect(looking!.args).toMatchObject({ channel: DEMO_CHANNEL_ID, thread_ts: '1772640000.000100' });
    expect(String(looking!.args.text)).toMatch(/Looking/);
    expect(looking!.token).toBe(BOT_TOKEN);
    const update = fake.callsTo('chat.update')[0]!;
    expect(update.args.ts).toBe('1800000000.000001'); // the ts the stand-in gave the "looking…" message
    const blocks = update.args.blocks as Array<Record<string, any>>;
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(blocks[0]!.text.text).toContain('INC-2041');
    const all = JSON.stringify(blocks);
    expect(all).toContain('Key timeline');
    expect(all).toContain('Top signals');
    expect(all).toMatch(/likely cause|contributing|correlated/);
    expect(all).toContain('Proposed commands');
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.length).toBeGreaterThan(0);
    expect(actions[0]!.elements.map((e: any) => e.action_id)).toEqual([APPROVE_ACTION_ID, REJECT_ACTION_ID]);
    expect(actions[0]!.elements[0].value).toMatch(/^INC-2041\//);
    // The history was read through the Web API, every page and the threads.
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(1);
    expect(fake.callsTo('conversations.replies').length).toBeGreaterThan(0);
    expect(fake.callsTo('users.info').length).toBeGreaterThan(0);
  });

  it('@mention with a question in a thread: the answer with its cited evidence', async () => {
    await start();
    await postSigned(baseUrl, eventCallback(mention('<@UBOT> why are card payments failing in checkout?', '1772640100.000200', '1772637532.350805')), JSON_TYPE);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    expect(fake.callsTo('chat.postMessage')[0]!.args.thread_ts).toBe('1772637532.350805');
    const update = fake.callsTo('chat.update')[0]!;
    const all = JSON.stringify(update.args.blocks);
    expect(all).toContain('why are card payments failing in checkout?');
    expect(all).toContain('Evidence');
    expect(all).toMatch(/evidence:/);
    expect(String(update.args.text)).toMatch(/signals/);
    // The asked-about thread was read.
    expect(fake.callsTo('conversations.replies').some((c) => c.args.ts === '1772637532.350805')).toBe(true);
  });

  it('a duplicate delivery of the same event id (Slack retry) is answered once', async () => {
    await start();
    const body = eventCallback(mention('<@UBOT> status', '1772640200.000300'), 'EvDUPLICATE1');
    const first = await postSigned(baseUrl, body, JSON_TYPE);
    const retry = await postSigned(baseUrl, body, JSON_TYPE, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    await server.services.queue.idle();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(server.services.metrics.duplicates.get()).toBe(1);
  });

  it('/incident summarize acks at once and posts the summary to the channel', async () => {
    await start();
    const res = await postSigned(baseUrl, slashCommand('summarize', responseUrl()), FORM);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Summarizing');
    await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 10_000 });
    const post = fake.callsTo('chat.postMessage')[0]!;
    expect(post.args.channel).toBe(DEMO_CHANNEL_ID);
    expect(post.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(post.args.blocks)).toContain('INC-2041');
  });

  it('/incident timeline and /incident status answer through response_url', async () => {
    await start();
    await postSigned(baseUrl, slashCommand('timeline', responseUrl()), FORM);
    await postSigned(baseUrl, slashCommand('status', responseUrl()), FORM);
    await vi.waitFor(() => expect(fake.callsTo('response/cmd-1')).toHaveLength(2), { timeout: 10_000 });
    const bodies = fake.callsTo('response/cmd-1').map((c) => c.args);
    const timeline = bodies.find((b) => String(b.text).startsWith('Timeline'))!;
    const status = bodies.find((b) => !String(b.text).startsWith('Timeline'))!;
    expect(timeline.response_type).toBe('ephemeral');
    expect(JSON.stringify(timeline.blocks)).toMatch(/`\d\d:\d\d`/);
    expect(String(status.text)).toMatch(/INC-2041: (Resolved|Mitigated|Ongoing)/);
    expect(JSON.stringify(status.blocks)).toContain('Leading cause');
  });

  it('/incident help and an unknown subcommand answer with the help in the ack (ephemeral)', async () => {
    await start();
    const help = await postSigned(baseUrl, slashCommand('help', responseUrl()), FORM);
    const unknown = await postSigned(baseUrl, slashCommand('frobnicate now', responseUrl()), FORM);
    const empty = await postSigned(baseUrl, slashCommand('', responseUrl()), FORM);
    for (const res of [help, unknown, empty]) {
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as { response_type: string; text: string };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain('/incident summarize');
      expect(body.text).toContain('/incident timeline');
    }
    expect(JSON.parse(unknown.body).text).toContain('Unknown subcommand `frobnicate`');
  });

  it('the slash command name is configurable (slack.commandName) and the help uses it', async () => {
    await start({ settings: SlackSettingsSchema.parse({ commandName: '/opsight', bundleDirs: { [DEMO_CHANNEL_NAME]: DEMO_DIR } }) });
    const help = await postSigned(baseUrl, slashCommand('help', responseUrl(), 'U0WAG1PEEK', '/opsight'), FORM);
    expect(JSON.parse(help.body).text).toContain('`/opsight summarize`');
    const status = await postSigned(baseUrl, slashCommand('status', responseUrl(), 'U0WAG1PEEK', '/opsight'), FORM);
    expect(status.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('response/cmd-1')).toHaveLength(1), { timeout: 10_000 });
  });

  it('a failing analysis posts an apology with an error id, never a stack trace', async () => {
    await start({ responder: () => ({ respond: async () => { throw new Error('boom at secret internals'); } }) });
    await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640300.000400')), JSON_TYPE);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    const update = texts(fake.callsTo('chat.update')[0]!);
    expect(update).toMatch(/Sorry, I could not finish this: an internal error/);
    expect(update).toMatch(/Error id `[0-9a-f]{8}`/);
    expect(update).not.toContain('boom');
    expect(update).not.toMatch(/at .*\.ts:\d+/);
    expect(logLines.join('')).toContain('boom at secret internals');
    expect(server.services.metrics.failures.get({ stage: 'analysis' })).toBe(1);
  });

  it('a user error is explained; the server keeps serving afterwards', async () => {
    let calls = 0;
    const report = await analyzeBundleDir(DEMO_DIR);
    await start({
      responder: () => ({
        respond: async () => {
          if (++calls === 1) throw new UserError('no bundle is configured for this channel; add slack.bundleDirs to OPSIGHT_CONFIG');
          return { report, generatedBy: 'deterministic' };
        },
      }),
    });
    await postSigned(baseUrl, slashCommand('summarize', responseUrl()), FORM);
    await vi.waitFor(() => expect(fake.callsTo('response/cmd-1')).toHaveLength(1), { timeout: 10_000 });
    expect(String(fake.callsTo('response/cmd-1')[0]!.args.text)).toContain('add slack.bundleDirs');
    await postSigned(baseUrl, slashCommand('summarize', responseUrl()), FORM);
    await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 10_000 });
  });

  it('everything posted passes redaction', async () => {
    const report = await analyzeBundleDir(DEMO_DIR);
    const leaky = { ...report, summary: `${report.summary} Key was sk_live_abcdefghij0123456789 and xoxb-1234567890-abcdefghij.` };
    await start({ responder: () => ({ respond: async () => ({ report: leaky, answer: 'token sk_live_abcdefghij0123456789 leaked', generatedBy: 'deterministic' }) }) });
    await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640400.000500')), JSON_TYPE);
    await postSigned(baseUrl, eventCallback(mention('<@UBOT> which key leaked?', '1772640401.000500')), JSON_TYPE);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(2), { timeout: 10_000 });
    const posted = fake.calls.filter((c) => c.method.startsWith('chat.')).map(texts).join('\n');
    expect(posted).toContain('[STRIPE-KEY]');
    expect(posted).not.toContain('sk_live_abcdefghij0123456789');
    expect(posted).not.toContain('xoxb-1234567890');
  });

  it('a 429 from the Web API is retried after Retry-After', async () => {
    let attempts = 0;
    fake.on('chat.postMessage', (args) => (++attempts === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { channel: args.channel, ts: '1800000001.000001' }));
    await start();
    await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1772640500.000600')), JSON_TYPE);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.callsTo('chat.update')[0]!.args.ts).toBe('1800000001.000001');
  });
});

describe('approval buttons', () => {
  /** An in-test policy: U_SRE may approve (runs after one approval); anyone else is refused. */
  function testDecisions(): ProposalDecisions & { decided: string[] } {
    const decided: string[] = [];
    return {
      decided,
      async submit(command, context) {
        return { proposalId: `${context.incidentId}:${command.id}` };
      },
      describeApprovers: () => '1 approval from @sre-oncall',
      async approve(id, actor): Promise<DecisionOutcome> {
        if (actor.userId !== 'U_SRE') return { ok: false, message: `<@${actor.userId}> is not in @sre-oncall, who may approve ${id}` };
        decided.push(`approve ${id}`);
        return { ok: true, status: 'executed', message: `Approved by <@${actor.userId}> (1 of 1)`, approvedBy: [actor.userId], dryRun: 'would roll back payments v2 → v1', execution: 'rolled back in 4 s, exit 0' };
      },
      async reject(id, actor): Promise<DecisionOutcome> {
        decided.push(`reject ${id}`);
        return { ok: true, status: 'rejected', message: `Rejected by <@${actor.userId}>` };
      },
    };
  }

  async function postedSummary(): Promise<{ ts: string; blocks: Array<Record<string, any>>; proposalIds: string[] }> {
    await postSigned(baseUrl, slashCommand('summarize', responseUrl()), FORM);
    await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 10_000 });
    const post = fake.callsTo('chat.postMessage')[0]!;
    const blocks = post.args.blocks as Array<Record<string, any>>;
    const proposalIds = blocks.filter((b) => b.type === 'actions').map((b) => b.elements[0].value as string);
    return { ts: '1800000000.000001', blocks, proposalIds };
  }

  it('shows who may approve; an accepted approval updates the message with approver, dry run and execution', async () => {
    const decisions = testDecisions();
    await start({ decisions });
    const summary = await postedSummary();
    expect(JSON.stringify(summary.blocks)).toContain('1 approval from @sre-oncall');
    const id = summary.proposalIds[0]!;
    const res = await postSigned(baseUrl, blockAction(APPROVE_ACTION_ID, id, summary, 'U_SRE'), FORM);
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    const update = fake.callsTo('chat.update')[0]!;
    expect(update.args).toMatchObject({ channel: DEMO_CHANNEL_ID, ts: summary.ts });
    const blocks = update.args.blocks as Array<Record<string, any>>;
    const all = JSON.stringify(blocks);
    expect(all).toContain('Approved by <@U_SRE>');
    expect(all).toContain('Dry run: would roll back payments');
    expect(all).toContain('Execution: rolled back in 4 s');
    expect(blocks.some((b) => b.block_id === `proposal-actions:${id}`)).toBe(false);
    // Other proposals keep their buttons.
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(summary.proposalIds.length - 1);
    expect(decisions.decided).toEqual([`approve ${id}`]);
    expect(server.services.metrics.executions.get({ outcome: 'executed' })).toBe(1);
  });

  it('a refused click gets an ephemeral message to the clicker saying why; the message is unchanged', async () => {
    await start({ decisions: testDecisions() });
    const summary = await postedSummary();
    await postSigned(baseUrl, blockAction(APPROVE_ACTION_ID, summary.proposalIds[0]!, summary, 'U_INTERN'), FORM);
    await vi.waitFor(() => expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1), { timeout: 10_000 });
    const eph = fake.callsTo('chat.postEphemeral')[0]!;
    expect(eph.args).toMatchObject({ channel: DEMO_CHANNEL_ID, user: 'U_INTERN' });
    expect(String(eph.args.text)).toContain('is not in @sre-oncall');
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect(server.services.metrics.approvals.get({ decision: 'approve', outcome: 'refused' })).toBe(1);
  });

  it('reject updates the message and removes the buttons of that proposal', async () => {
    await start({ decisions: testDecisions() });
    const summary = await postedSummary();
    const id = summary.proposalIds[0]!;
    await postSigned(baseUrl, blockAction(REJECT_ACTION_ID, id, summary, 'U_ANY'), FORM);
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 10_000 });
    const blocks = fake.callsTo('chat.update')[0]!.args.blocks as Array<Record<string, any>>;
    expect(JSON.stringify(blocks)).toContain('Rejected by <@U_ANY>');
    expect(blocks.some((b) => b.block_id === `proposal-actions:${id}`)).toBe(false);
  });

  it('without an executor, approval is refused with the reason', async () => {
    await start();
    const summary = await postedSummary();
    await postSigned(baseUrl, blockAction(APPROVE_ACTION_ID, summary.proposalIds[0]!, summary, 'U_SRE'), FORM);
    await vi.waitFor(() => expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1), { timeout: 10_000 });
    expect(String(fake.callsTo('chat.postEphemeral')[0]!.args.text)).toContain('no executor configured');
  });
});

describe('HTTP endpoints', () => {
  it('/healthz answers ok and /metrics renders the Prometheus registry', async () => {
    await start();
    await postSigned(baseUrl, slashCommand('status', responseUrl()), FORM);
    await vi.waitFor(() => expect(fake.callsTo('response/cmd-1')).toHaveLength(1), { timeout: 10_000 });
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const metrics = await fetch(`${baseUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('# TYPE opsight_requests_total counter');
    expect(text).toContain('opsight_requests_total{kind="command"} 1');
    expect(text).toMatch(/opsight_analysis_duration_seconds_count\{outcome="ok"\} 1/);
    expect(text).toContain('# TYPE opsight_llm_tokens_total counter');
  });
});
