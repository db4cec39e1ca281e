import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../../test/support/fake-slack-web-api.ts';
import { DEMO_CHANNEL_ID, serveDemoChannel } from '../../test/slack/slack-test-kit.ts';
import { captureIo } from './testing/capture-io.ts';
import { serveCommand, startServe } from './run-serve-command.ts';

let fake: FakeSlackWebApi;
let dir: string;
beforeEach(async () => {
  fake = await startFakeSlackWebApi();
  dir = await mkdtemp(join(tmpdir(), 'opsight-serve-'));
});
afterEach(() => fake.close());

const env = (extra: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: 'xoxb-test-token-0000',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_API_URL: fake.url,
  PORT: '0',
  OPSIGHT_DATA_DIR: join(dir, 'data'),
  OPSIGHT_ALERTS_FILE: join(dir, 'alerts.jsonl'),
  OPSIGHT_CHANGES_FILE: join(dir, 'changes.jsonl'),
  ...extra,
});

it('names every missing Slack setting at start and exits 2', async () => {
  const cap = captureIo();
  expect(await serveCommand.run([], cap.io, { SLACK_API_URL: fake.url })).toBe(2);
  expect(cap.err()).toContain('SLACK_BOT_TOKEN is required');
  expect(cap.err()).toContain('SLACK_SIGNING_SECRET is required');
});

it('names an invalid environment variable', async () => {
  const cap = captureIo();
  expect(await serveCommand.run([], cap.io, env({ SLACK_BOT_TOKEN: 'not-a-token', PORT: 'eighty' }))).toBe(2);
  expect(cap.err()).toMatch(/SLACK_BOT_TOKEN must be a Slack token/);
  expect(cap.err()).toContain('PORT');
});

it('names the wrong field of the slack settings section', async () => {
  const file = join(dir, 'opsight.yaml');
  await writeFile(file, 'slack:\n  maxThreads: -1\n  bundelDirs: {}\n');
  const cap = captureIo();
  expect(await serveCommand.run([], cap.io, env({ OPSIGHT_CONFIG: file }))).toBe(2);
  expect(cap.err()).toContain('slack.maxThreads');
  expect(cap.err()).toContain('bundelDirs');
});

it('rejects a bundle directory that is not a bundle', async () => {
  const file = join(dir, 'opsight.yaml');
  await writeFile(file, `slack:\n  bundleDirs:\n    inc-1: ${join(dir, 'nowhere')}\n`);
  const cap = captureIo();
  expect(await serveCommand.run([], cap.io, env({ OPSIGHT_CONFIG: file }))).toBe(2);
  expect(cap.err()).toContain('slack.bundleDirs.inc-1');
});

it('a bot token Slack refuses stops the start with a message naming it', async () => {
  fake.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
  const cap = captureIo();
  expect(await serveCommand.run([], cap.io, env())).toBe(2);
  expect(cap.err()).toContain('SLACK_BOT_TOKEN was refused by the Slack Web API');
  expect(cap.err()).toContain('invalid_auth');
}, 120_000);

it('rejects a bad --port as usage', async () => {
  const cap = captureIo();
  expect(await serveCommand.run(['--port', 'x'], cap.io, env())).toBe(2);
  expect(cap.err()).toContain('--port');
});

it('starts with a valid configuration: /healthz, and the webhook receivers are mounted', async () => {
  const { port, mode, stop } = await startServe(env());
  try {
    expect(mode).toBe('http');
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const bad = await fetch(`http://127.0.0.1:${port}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"version":"4"}' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/alerts|status|groupKey/);
    const change = await fetch(`http://127.0.0.1:${port}/webhooks/cloudevents`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: 'd-1', source: 'argocd', type: 'deploy', subject: 'payments', time: '2026-03-04T14:58:40Z', data: {} }),
    });
    expect(change.status).toBe(200);
  } finally {
    await stop();
  }
}, 120_000);

it('answers a mention the last run acknowledged but never queued, from the journal in OPSIGHT_DATA_DIR', async () => {
  serveDemoChannel(fake);
  const journal = join(dir, 'data', 'slack-intake.jsonl');
  await mkdir(join(dir, 'data'), { recursive: true });
  const work = { kind: 'mention', channelId: DEMO_CHANNEL_ID, replyThreadTs: '1772640000.000100', userId: 'U0WAG1PEEK', eventId: 'EvLOST' };
  await writeFile(journal, `${JSON.stringify({ type: 'request', id: 'r-lost', receivedAtMs: Date.now() - 1000, work })}\n`);
  const { stop } = await startServe(env());
  try {
    await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 30_000 });
    expect(fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual(['1772640000.000100']);
  } finally {
    await stop();
  }
  expect(await readFile(journal, 'utf8')).toContain('{"type":"done","id":"r-lost"}');
}, 120_000);
