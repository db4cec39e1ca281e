/**
 * Local speed check for `readBundle` (not a test: it writes ~60 MB per scale unit to a temp dir).
 *   node bin/run.js src/ingest/check-read-speed.ts [scale | bundle-dir ...]     (default: 1 4)
 * Scale 1 is the benchmark bundle size of the brief: 200 services × 7 metrics × 1,440 samples (2.0 M samples),
 * 20,000 Slack messages, 20,000 log lines, 5,000 Alertmanager payloads, 500 change events.
 * Prints, per scale, the first (cold) read and the median of the next three, and ms per million samples.
 * A directory argument times reading that existing bundle instead (e.g. `evals/generated/bench/1`).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from './read-bundle.ts';
import { mulberry32 } from '../random/mulberry32.ts';

const METRICS = ['http_request_error_ratio', 'http_request_duration_p99_seconds', 'http_requests_per_second', 'process_cpu_utilization', 'process_memory_bytes', 'db_connections_in_use', 'queue_depth'];
const START_S = 1772630000;

/** Writes a synthetic bundle of `scale` × the benchmark size into `dir`; returns the number of metric samples. */
export async function writeSyntheticBundle(dir: string, scale: number): Promise<number> {
  const random = mulberry32(42 + scale); // the same bundle on every run
  const services = Array.from({ length: 200 * scale }, (_, i) => `svc-${i}`);
  const files: Record<string, string> = {};
  files['incident.json'] = JSON.stringify({ id: 'INC-BENCH', title: 'Bench', severity: 'sev2', openedAt: '2026-03-04T13:30:00Z', services: services.slice(0, 3) });
  let samples = 0;
  for (const name of METRICS) {
    const result = services.map((service) => {
      const values: Array<[number, string]> = [];
      for (let i = 0; i < 1440; i++) values.push([START_S + i * 15, random() < 0.001 ? 'NaN' : (random() * 100).toFixed(6)]);
      samples += values.length;
      return { metric: { __name__: name, service, instance: `${service}:9100`, job: service }, values };
    });
    files[`metrics/${name}.json`] = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
  }
  const users = Array.from({ length: 50 }, (_, i) => ({ id: `U${i}`, name: `user${i}`, real_name: `User ${i}`, profile: { display_name: i % 3 ? `u${i}` : '' } }));
  files['slack/users.json'] = JSON.stringify(users);
  files['slack/channels.json'] = JSON.stringify([{ id: 'C1', name: 'inc-bench' }]);
  const messages = Array.from({ length: 20_000 * scale }, (_, i) => ({
    type: 'message',
    user: `U${i % 50}`,
    text: `<@U${(i * 7) % 50}> checking svc-${i % 200} &amp; <https://grafana.example/d/${i}|dashboard> error rate ${i}`,
    ts: `${START_S + Math.floor(i / 4)}.${String(i % 1_000_000).padStart(6, '0')}`,
  }));
  const half = messages.length / 2;
  files['slack/inc-bench/2026-03-04.json'] = JSON.stringify(messages.slice(0, half));
  files['slack/inc-bench/2026-03-05.json'] = JSON.stringify(messages.slice(half));
  const alertLines: string[] = [];
  for (let i = 0; i < 5_000 * scale; i++) {
    const service = services[i % services.length];
    const startsAt = new Date((START_S + (i % 1440) * 15) * 1000).toISOString();
    alertLines.push(JSON.stringify({
      version: '4', groupKey: `{}:{alertname="HighErrorRate"}`, status: 'firing', receiver: 'slack', groupLabels: { alertname: 'HighErrorRate' },
      commonLabels: { alertname: 'HighErrorRate', service }, commonAnnotations: {}, externalURL: 'http://am',
      alerts: [{ status: 'firing', labels: { alertname: 'HighErrorRate', service, severity: 'critical' }, annotations: { summary: 'Error ratio above 5%' }, startsAt, endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom', fingerprint: `fp-${i % 300}` }],
    }));
  }
  files['alerts/prod.jsonl'] = alertLines.join('\n');
  const logsPerFile = 2_000 * scale;
  for (let f = 0; f < 10; f++) {
    const result = Array.from({ length: 20 }, (_, s) => ({
      stream: { service: services[(f * 20 + s) % services.length], level: s % 4 === 0 ? 'error' : 'info' },
      values: Array.from({ length: logsPerFile / 20 }, (_, i) => [`${START_S + i * 2}${String(s * 1000 + f).padStart(9, '0')}`, `level=info msg="request served" path=/api/${i} latency_ms=${i % 97}`]),
    }));
    files[`logs/part-${f}.json`] = JSON.stringify({ status: 'success', data: { resultType: 'streams', result } });
  }
  files['changes.jsonl'] = Array.from({ length: 500 * scale }, (_, i) =>
    JSON.stringify({ specversion: '1.0', id: `d-${i}`, source: 'argocd', type: 'deploy', subject: services[i % services.length], time: new Date((START_S + i * 40) * 1000).toISOString(), data: { environment: 'production', version: `v${i}` } }),
  ).join('\n');
  files['topology.json'] = JSON.stringify({ services: services.map((name, i) => ({ name, dependsOn: i > 0 ? [services[i - 1]] : [] })) });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return samples;
}

async function timeRead(dir: string): Promise<{ ms: number; metrics: number; samples: number; logs: number; chat: number; alerts: number }> {
  const start = performance.now();
  const bundle = await readBundle(dir);
  const ms = performance.now() - start;
  const samples = bundle.metrics.reduce((sum, m) => sum + m.timesMs.length + m.droppedSamples, 0);
  return { ms, metrics: bundle.metrics.length, samples, logs: bundle.logs.length, chat: bundle.chat.length, alerts: bundle.alerts.length };
}

/** First (cold) read, then the median of three warm reads. */
async function report(label: string, dir: string): Promise<void> {
  const cold = await timeRead(dir);
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) warm.push((await timeRead(dir)).ms);
  warm.sort((a, b) => a - b);
  const median = warm[1] as number;
  process.stdout.write(
    `${label}: ${(cold.samples / 1e6).toFixed(2)} M samples in ${cold.metrics} series, ${cold.chat} messages, ${cold.logs} log lines, ${cold.alerts} alerts — ` +
      `cold ${cold.ms.toFixed(0)} ms, warm median ${median.toFixed(0)} ms (${(median / (cold.samples / 1e6)).toFixed(0)} ms per M samples)\n`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  for (const arg of args.length > 0 ? args : ['1', '4']) {
    const scale = Number(arg);
    if (!(scale > 0)) {
      await report(arg, arg);
      continue;
    }
    const dir = await mkdtemp(join(tmpdir(), 'opsight-speed-'));
    try {
      await writeSyntheticBundle(dir, scale);
      await report(`scale ${scale}`, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1]?.endsWith('check-read-speed.ts')) await main();
