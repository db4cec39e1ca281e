// `npm run bench [-- --scales 0.25,1,4 --runs 3 --no-demo]`: times the real CLI on large generated
// incidents, prints a table and writes evals/BENCH.md.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { release, tmpdir, type as osType, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ReportSchema } from '../../src/domain/index.ts';
import { freshBuild } from '../../bin/fresh-build.js';
import { ensureLargeIncident } from './make-large-incident.ts';
import { measureChild, type ChildMeasurement } from './measure-child.ts';
import { renderBenchMarkdown, type AnalysisCheck, type BenchResults, type MachineInfo, type ScaleResult } from './render-bench-markdown.ts';
import { growthRatios, summarizeRuns } from './summarize-runs.ts';
import { gitRevision } from '../lib/git-revision.ts';
import { replaceMarkedSection } from '../lib/replace-marked-section.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'bin/opsight.js');
const { values: opts } = parseArgs({
  options: {
    scales: { type: 'string', default: '0.25,1,4' },
    runs: { type: 'string', default: '3' },
    'no-demo': { type: 'boolean', default: false },
    out: { type: 'string', default: join(REPO, 'evals/BENCH.md') },
  },
});
const scales = opts.scales.split(',').map(Number);
const runs = Number(opts.runs);
if (scales.some((x) => !(x > 0)) || !(runs >= 1)) {
  process.stderr.write('usage: run-bench.ts [--scales 0.25,1,4] [--runs 3] [--no-demo] [--out evals/BENCH.md]\n');
  process.exit(2);
}
if (!existsSync(join(REPO, 'src/cli/main.ts'))) {
  process.stderr.write('src/cli/main.ts does not exist yet: the benchmark needs `opsight analyze` and `opsight demo`.\n');
  process.exit(1);
}

const say = (text: string): void => void process.stderr.write(`${text}\n`);
const failures: string[] = [];
const describeFailure = (m: ChildMeasurement): string =>
  `exit ${m.exitCode ?? m.signal}${m.stderrTail ? `: ${m.stderrTail.trim().split('\n').slice(-3).join(' / ')}` : ''}`;

async function timedRuns(args: string[], label: string): Promise<{ wallMs: number[]; rssMb: number[] } | undefined> {
  const wallMs: number[] = [];
  const rssMb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measureChild(args, { cwd: REPO });
    if (m.exitCode !== 0 || m.maxRssKb === undefined) {
      failures.push(`${label}, run ${i + 1}: ${describeFailure(m)}`);
      return undefined;
    }
    wallMs.push(m.wallMs);
    rssMb.push(m.maxRssKb / 1024);
    say(`  run ${i + 1}: ${(m.wallMs / 1000).toFixed(2)} s, ${(m.maxRssKb / 1024).toFixed(0)} MB`);
  }
  return { wallMs, rssMb };
}

/** The untimed warm-up run: also fills the page cache, and checks the report against truth.json. */
async function checkReport(dir: string): Promise<AnalysisCheck> {
  const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as { rootCause: { service: string } };
  const expectedService = truth.rootCause.service;
  const scratch = await mkdtemp(join(tmpdir(), 'opsight-bench-report-'));
  try {
    const reportFile = join(scratch, 'report.json');
    const m = await measureChild([CLI, 'analyze', dir, '--format', 'json'], { cwd: REPO, stdoutFile: reportFile });
    if (m.exitCode !== 0) return { expectedService, reportValid: false, error: describeFailure(m) };
    let json: unknown;
    try {
      json = JSON.parse(await readFile(reportFile, 'utf8'));
    } catch (e) {
      return { expectedService, reportValid: false, error: `stdout is not JSON (${(e as Error).message})` };
    }
    const parsed = ReportSchema.safeParse(json);
    const causes = ((json as { rootCauses?: { service?: string; kind?: string; confidence?: number }[] }).rootCauses ?? []);
    const rank = causes.findIndex((c) => c.service === expectedService);
    return {
      expectedService,
      topService: causes[0]?.service,
      topKind: causes[0]?.kind,
      topConfidence: causes[0]?.confidence,
      trueRank: rank >= 0 ? rank + 1 : undefined,
      reportValid: parsed.success,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}


function machineInfo(): MachineInfo {
  const run = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' });
    } catch {
      return `(${cmd} unavailable)`;
    }
  };
  return {
    nproc: Number(run('nproc', []).trim()) || cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    freeG: run('free', ['-g']),
    node: process.version,
    os: `${osType()} ${release()}`,
    cliMode,
    firstTouch: measureFirstTouch(),
  };
}

/** Best of three: filling a fresh 32 MB array (each page touched for the first time), then filling it again. */
function measureFirstTouch(): { freshMs: number; againMs: number } {
  let best = { freshMs: Number.POSITIVE_INFINITY, againMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 3; i++) {
    const array = new Float64Array(4 * 1024 * 1024);
    const start = performance.now();
    array.fill(1);
    const filled = performance.now();
    array.fill(2);
    const again = performance.now();
    best = { freshMs: Math.min(best.freshMs, filled - start), againMs: Math.min(best.againMs, again - filled) };
  }
  return best;
}

// Taken before measuring: the code that was measured, precompiled as `npm ci` leaves it.
const revisionAtStart = gitRevision();
execFileSync(process.execPath, [join(REPO, 'bin/build.js')], { stdio: 'inherit' });
const cliMode = freshBuild(REPO) ? 'dist' : 'tsx';
say(`CLI runs from ${cliMode === 'dist' ? 'the precompiled dist/' : 'the sources through tsx (the build failed or is stale)'}`);
say('start-up (opsight analyze of a bundle with only incident.json):');
const emptyBundle = await mkdtemp(join(tmpdir(), 'opsight-bench-empty-'));
await writeFile(join(emptyBundle, 'incident.json'), await readFile(join(REPO, 'examples/demo-incident/incident.json')));
const startupRuns = await timedRuns([CLI, 'analyze', emptyBundle, '--format', 'json'], 'start-up');
await rm(emptyBundle, { recursive: true, force: true });
const startup = startupRuns ? { wallMs: summarizeRuns(startupRuns.wallMs), peakRssMb: summarizeRuns(startupRuns.rssMb) } : undefined;

const results: ScaleResult[] = [];
for (const scale of scales) {
  say(`scale ${scale}×: preparing bundle`);
  const bundle = await ensureLargeIncident(scale);
  say(`  ${bundle.dir}: ${bundle.generated ? `generated in ${(bundle.generateMs / 1000).toFixed(1)} s` : 'up to date'}, ${(bundle.stats.bytes / 1e6).toFixed(1)} MB`);
  const check = await checkReport(bundle.dir);
  say(`  warm-up: top cause ${check.topService ?? check.error ?? 'none'} (expected ${check.expectedService})`);
  if (check.error) {
    failures.push(`analyze at ${scale}×: ${check.error}`);
    continue;
  }
  const timed = await timedRuns([CLI, 'analyze', bundle.dir, '--format', 'json'], `analyze at ${scale}×`);
  if (!timed) continue;
  results.push({
    stats: bundle.stats,
    generateMs: bundle.generated ? bundle.generateMs : undefined,
    wallMs: summarizeRuns(timed.wallMs),
    peakRssMb: summarizeRuns(timed.rssMb),
    check,
  });
}

let demo: BenchResults['demo'];
if (!opts['no-demo']) {
  say('demo:');
  const timed = await timedRuns([CLI, 'demo'], 'demo');
  demo = timed ? { wallMs: summarizeRuns(timed.wallMs), peakRssMb: summarizeRuns(timed.rssMb) } : { error: failures.at(-1) ?? 'failed' };
}

const bench: BenchResults = { date: new Date().toISOString(), revision: revisionAtStart, machine: machineInfo(), runsPerScale: runs, scales: results, demo, startup, failures };
const rows = results.map((x) => ({
  scale: `${x.stats.scale}×`,
  'MB': +(x.stats.bytes / 1e6).toFixed(1),
  samples: x.stats.samples,
  messages: x.stats.messages,
  logs: x.stats.logLines,
  alerts: x.stats.alertPayloads,
  'wall s (median)': +(x.wallMs.median / 1000).toFixed(2),
  'peak RSS MB (median)': Math.round(x.peakRssMb.median),
  'top cause': `${x.check.topService ?? '—'}${x.check.topService === x.check.expectedService ? ' ✓' : ' ✗'}`,
}));
console.table(rows);
for (const g of growthRatios(results.map((x) => ({ scale: x.stats.scale, cost: x.wallMs.median })))) {
  console.log(`time ${g.to}×/${g.from}×: ${g.costRatio.toFixed(2)} for ${g.scaleRatio.toFixed(1)}× the input (exponent ${g.exponent.toFixed(2)})`);
}
if (demo) console.log('error' in demo ? `demo: ${demo.error}` : `demo: ${(demo.wallMs.median / 1000).toFixed(2)} s, ${Math.round(demo.peakRssMb.median)} MB`);
// Other benchmarks (store, tools …) own their marked sections of the same file: keep them.
const previous = existsSync(opts.out) ? await readFile(opts.out, 'utf8') : '';
await writeFile(opts.out, replaceMarkedSection(previous, 'analysis', renderBenchMarkdown(bench)));
console.log(`wrote ${opts.out}`);
if (failures.length) {
  for (const f of failures) console.error(`FAILED ${f}`);
  process.exitCode = 1;
}
