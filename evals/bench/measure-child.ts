import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RSS_MODULE = fileURLToPath(new URL('./record-max-rss.mjs', import.meta.url));

/** One measured run of a Node script. */
export interface ChildMeasurement {
  /** Spawn to exit, in milliseconds. */
  wallMs: number;
  /** Peak resident set size of the child, KiB (undefined if it died before writing it). */
  maxRssKb?: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Last 4 KB of stderr, for error messages. */
  stderrTail: string;
}

export interface MeasureOptions {
  cwd: string;
  /** Where stdout goes: discarded by default, or into this file. */
  stdoutFile?: string;
  timeoutMs?: number;
}

/**
 * Runs `node <args>` as a child process and measures wall time (from just before spawn to the
 * 'exit' event) and peak RSS (written by `record-max-rss.mjs`, preloaded with `--import`).
 */
export async function measureChild(args: readonly string[], options: MeasureOptions): Promise<ChildMeasurement> {
  const scratch = await mkdtemp(join(tmpdir(), 'opsight-rss-'));
  const rssFile = join(scratch, 'maxrss');
  const out = options.stdoutFile ? await open(options.stdoutFile, 'w') : undefined;
  try {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_MODULE, ...args], {
      cwd: options.cwd,
      env: { ...process.env, OPSIGHT_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', out ? out.fd : 'ignore', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null, number]>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, sig) => resolve([code, sig, Number(process.hrtime.bigint() - started) / 1e6]));
    });
    // 'close' comes once stderr is drained too; listen from the start so it cannot be missed.
    const closed = new Promise((resolve) => child.once('close', resolve));
    const [exitCode, signal, wallMs] = await exited;
    await closed;
    const rssText = await readFile(rssFile, 'utf8').catch(() => undefined);
    const maxRssKb = rssText === undefined ? undefined : Number(rssText.trim());
    return { wallMs, maxRssKb, exitCode, signal, stderrTail: stderr };
  } finally {
    await out?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
