import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../../test/support/fake-slack-web-api.ts';
import { captureIo } from './testing/capture-io.ts';
import { serveCommand, startServe } from './run-serve-command.ts';

let fake: FakeSlackWebApi;
let dir: string;
beforeEach(async () => {
  fake = await startFakeSlackWebApi();
  dir = await mkdtemp(join(tmpdir(), 'opsight-serve-'));
});
afterEach(() => fake.close());

const env = (extra: Record<string, string> = {}) => ({ SLACK_BOT_TOKEN: 'xoxb-test-token-0000', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.url, PORT: '0', ...extra });

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

it('rejects a bad --port as usage', async () => {
  const cap = captureIo();
  expect(await serveCommand.run(['--port', 'x'], cap.io, env())).toBe(2);
  expect(cap.err()).toContain('--port');
});

it('starts with a valid configuration and serves /healthz', async () => {
  const { server, port, mode } = await startServe(env());
  try {
    expect(mode).toBe('http');
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  } finally {
    await server.stop();
  }
});
