/**
 * Measures `opsight serve` under a burst: N concurrent signed `app_mention` events (each delivered
 * twice, the second as a Slack retry) against the demo incident served by the Web API stand-in,
 * offline. The server runs as its own process (`node bin/opsight.js serve`), as in production; this
 * process sends the events and plays the Web API. Prints ack latency, time to the first threaded reply
 * ("looking…"), time to the finished answer, and how many replies the duplicates produced.
 *
 *   npx tsx test/slack/measure-slack-latency.ts [concurrency=50]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { BOT_TOKEN, DEMO_CHANNEL_NAME, DEMO_DIR, SIGNING_SECRET, eventCallback, mention, postSigned, serveDemoChannel } from './slack-test-kit.ts';

const concurrency = Number(process.argv[2] ?? 50);
const fake = await startFakeSlackWebApi();
serveDemoChannel(fake);
const firstReplyAt = new Map<string, number>();
const doneAt = new Map<string, number>();
let counter = 0;
fake.on('chat.postMessage', (args) => {
  const ts = `1800000000.${String(++counter).padStart(6, '0')}`;
  if (typeof args.thread_ts === 'string' && !firstReplyAt.has(args.thread_ts)) firstReplyAt.set(args.thread_ts, performance.now());
  replyThread.set(ts, String(args.thread_ts));
  return { channel: args.channel, ts };
});
const replyThread = new Map<string, string>();
fake.on('chat.update', (args) => {
  const thread = replyThread.get(String(args.ts));
  if (thread) doneAt.set(thread, performance.now());
  return { channel: args.channel, ts: args.ts };
});

const port = await freePort();
const workDir = await mkdtemp(join(tmpdir(), 'opsight-measure-'));
const configFile = join(workDir, 'opsight.yaml');
await writeFile(configFile, `slack:\n  bundleDirs:\n    ${DEMO_CHANNEL_NAME}: ${DEMO_DIR}\n`);
const bin = fileURLToPath(new URL('../../bin/opsight.js', import.meta.url));
const child = spawn(process.execPath, [bin, 'serve'], {
  env: { ...process.env, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, PORT: String(port), OPSIGHT_CONFIG: configFile,
    OPSIGHT_DATA_DIR: join(workDir, 'data'), OPSIGHT_ALERTS_FILE: join(workDir, 'alerts.jsonl'), OPSIGHT_CHANGES_FILE: join(workDir, 'changes.jsonl'), OPSIGHT_MODEL: '' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await once(child.stdout!, 'data');
const baseUrl = `http://127.0.0.1:${port}`;
// Warm up (auth.test, module JIT, first bundle read) so the figures describe a running server.
await postSigned(baseUrl, eventCallback(mention('<@UBOT>', '1700000000.000001')), 'application/json');
await waitUntil(() => doneAt.size === 1);
firstReplyAt.clear();
doneAt.clear();

const sentAt = new Map<string, number>();
const acks: number[] = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async (_, i) => {
    const ts = `1772640${String(i).padStart(3, '0')}.000100`;
    const body = eventCallback(mention(i % 2 ? '<@UBOT> why is checkout failing?' : '<@UBOT>', ts), `EvLOAD${i}`);
    sentAt.set(ts, performance.now());
    const first = await postSigned(baseUrl, body, 'application/json');
    const retry = await postSigned(baseUrl, body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    if (first.status !== 200 || retry.status !== 200) throw new Error(`ack failed: ${first.status}/${retry.status}`);
    acks.push(first.ackMs, retry.ackMs);
  }),
);
const ackedAllMs = performance.now() - started;
await waitUntil(() => doneAt.size >= concurrency, 120_000);
await new Promise((r) => setTimeout(r, 300)); // any late duplicate reply would show up here
const elapsed = (m: Map<string, number>) => [...m].map(([thread, at]) => at - (sentAt.get(thread) ?? at));
const firstReplies = elapsed(firstReplyAt);
const answers = elapsed(doneAt);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const row = (name: string, xs: number[]) => console.log(`${name.padEnd(34)} n=${String(xs.length).padStart(3)}  p50 ${pct(xs, 50).toFixed(0).padStart(5)} ms  p95 ${pct(xs, 95).toFixed(0).padStart(5)} ms  max ${Math.max(...xs).toFixed(0).padStart(5)} ms`);
console.log(`${concurrency} concurrent app_mention events, each delivered twice (retry); demo incident; offline; server in its own process; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`);
row('ack (HTTP 200)', acks);
row('first threaded reply ("looking…")', firstReplies);
row('finished answer (chat.update)', answers);
const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
const dropped = /opsight_slack_duplicate_deliveries_total (\d+)/.exec(metrics)?.[1] ?? '0';
console.log(`all acked after ${ackedAllMs.toFixed(0)} ms; threaded replies: ${fake.callsTo('chat.postMessage').length - 1} for ${concurrency} events (duplicates dropped: ${dropped})`);
child.kill('SIGTERM');
await once(child, 'exit');
await fake.close();

async function waitUntil(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > until) throw new Error('timed out waiting for the replies');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
    probe.on('error', reject);
  });
}
