import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleMetricsToOpenMetrics } from './prometheus-openmetrics.ts';

const run = promisify(execFile);

/** Paths of Debian's `prometheus` package (apt-get install prometheus). */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

/** True when Prometheus and promtool are installed; tests skip otherwise, unless OPSIGHT_REQUIRE_PROMETHEUS=1. */
export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);
}

/** A running Prometheus loaded with a bundle's metrics. */
export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a real Prometheus on 127.0.0.1 (a free port) holding the metrics of the bundle in `bundleDir`:
 * converts `metrics/*.json` to OpenMetrics, builds TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics`, starts `prometheus` on them with a config that scrapes
 * nothing and a 100-year retention (bundle data is old), and waits for `/-/ready`. Throws with
 * Prometheus' own output when it does not become ready within 30 s.
 */
export async function startPrometheusWithBundle(bundleDir: string): Promise<RunningPrometheus> {
  if (!prometheusAvailable()) throw new Error(`${PROMETHEUS_BIN} not found: apt-get install -y --no-install-recommends prometheus`);
  const work = await mkdtemp(join(tmpdir(), 'opsight-prometheus-'));
  let child: ChildProcess | undefined;
  try {
    const { text } = await bundleMetricsToOpenMetrics(bundleDir);
    const input = join(work, 'metrics.om.txt');
    const data = join(work, 'data');
    const config = join(work, 'prometheus.yml');
    await writeFile(input, text);
    await writeFile(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
    await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, data], { maxBuffer: 16 * 1024 * 1024 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const output: string[] = [];
    child = spawn(PROMETHEUS_BIN, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => { output.push(chunk.toString()); if (output.length > 200) output.shift(); };
    // Safety net: a test process that exits without calling stop() must not leave Prometheus running.
    const killOnExit = () => child?.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitReady(url, child, output);
    const started = child;
    return {
      url,
      async stop() {
        await stopChild(started);
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

async function waitReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus at ${url} not ready within 30 s:\n${output.join('')}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A port the OS says is free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
