import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { BOT_TOKEN, DEMO_CHANNEL_ID, SIGNING_SECRET, eventCallback, mention, postSigned, serveDemoChannel } from './slack-test-kit.ts';

const BIN = fileURLToPath(new URL('../../bin/opsight.js', import.meta.url));

let fake: FakeSlackWebApi;
let dir: string;
let children: ChildProcess[];

beforeEach(async () => {
  fake = await startFakeSlackWebApi();
  serveDemoChannel(fake);
  dir = mkdtempSync(join(tmpdir(), 'opsight-crash-'));
  children = [];
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `opsight serve` in its own process on the test's store and journal; resolves with its base URL once listening. */
async function serve(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, PORT: '0',
      OPSIGHT_DATA_DIR: join(dir, 'data'), OPSIGHT_ALERTS_FILE: join(dir, 'alerts.jsonl'), OPSIGHT_CHANGES_FILE: join(dir, 'changes.jsonl'), OPSIGHT_MODEL: '' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const port = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(out)?.[1];
    if (port) return { child, baseUrl: `http://127.0.0.1:${port}` };
  }
  throw new Error(`opsight serve exited before listening: ${out}`);
}

it('a mention acked by a serve process killed (SIGKILL) before it queued the answer is answered once by the next one', async () => {
  // The first process gets stuck posting "looking…", so its job is never inserted.
  fake.on('chat.postMessage', () => new Promise(() => {}));
  const first = await serve();
  const ack = await postSigned(first.baseUrl, eventCallback(mention('<@UBOT>', '1772640000.000100', '1772637532.350805'), 'EvKILLED'), 'application/json');
  expect(ack.status).toBe(200);
  await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 10_000 });
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');

  fake.on('chat.postMessage', (args) => ({ channel: args.channel, ts: '1800000000.000777' }));
  await serve();
  await vi.waitFor(() => expect(fake.callsTo('chat.update')).toHaveLength(1), { timeout: 60_000 });
  const answer = fake.callsTo('chat.update')[0]!;
  expect(answer.args).toMatchObject({ channel: DEMO_CHANNEL_ID, ts: '1800000000.000777' });
  expect(fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual(['1772637532.350805', '1772637532.350805']);
  await new Promise((r) => setTimeout(r, 1000));
  expect(fake.callsTo('chat.update')).toHaveLength(1);
}, 120_000);
