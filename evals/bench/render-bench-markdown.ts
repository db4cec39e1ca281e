import type { BundleStats } from './make-large-incident.ts';
import { growthRatios, type RunSummary } from './summarize-runs.ts';

/** The machine the benchmark ran on. */
export interface MachineInfo {
  nproc: number;
  cpu: string;
  /** Output of `free -g`, verbatim. */
  freeG: string;
  node: string;
  os: string;
  /** How `bin/opsight.js` ran the CLI: precompiled (`dist/`) or through tsx. */
  cliMode: 'dist' | 'tsx';
  /** Milliseconds to fill 32 MB of memory the process has never touched, and to fill it again. */
  firstTouch?: { freshMs: number; againMs: number };
}

/** What the analysis answered on the bundle, compared with its truth.json. */
export interface AnalysisCheck {
  expectedService: string;
  topService?: string;
  topKind?: string;
  topConfidence?: number;
  /** Rank (1-based) of the true root cause among `rootCauses`, if present. */
  trueRank?: number;
  reportValid: boolean;
  error?: string;
}

export interface ScaleResult {
  stats: BundleStats;
  /** Generation time if the bundle was (re)generated during this run. */
  generateMs?: number;
  wallMs: RunSummary;
  peakRssMb: RunSummary;
  check: AnalysisCheck;
}

export interface BenchResults {
  date: string;
  /** `git rev-parse --short HEAD`, plus a note when src/ had uncommitted changes. */
  revision?: string;
  machine: MachineInfo;
  runsPerScale: number;
  scales: ScaleResult[];
  demo?: { wallMs: RunSummary; peakRssMb: RunSummary } | { error: string };
  /** `opsight analyze` of a bundle with only incident.json: the fixed cost of starting Node and the analyze path's imports. */
  startup?: { wallMs: RunSummary; peakRssMb: RunSummary };
  /** Set when a run failed: the analyzer was not measurable. */
  failures: string[];
}

/** Targets of the brief: 1× analysis under 2 s and 600 MB; the demo under 3 s. */
export const TARGETS = { wallMsAtScale1: 2_000, peakRssMbAtScale1: 600, demoWallMs: 3_000 } as const;

const s = (ms: number): string => (ms / 1000).toFixed(2);
const mb = (x: number): string => x.toFixed(0);
const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** evals/BENCH.md from one benchmark run. */
export function renderBenchMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push('# Benchmark: large incidents', '');
  lines.push(`Measured ${r.date}${r.revision ? ` at ${r.revision}` : ''} by \`npm run bench\` (evals/bench/run-bench.ts). Regenerate this file by running it again.`, '');
  lines.push('Each bundle is synthetic but realistic (evals/bench/make-large-incident.ts, seeded): a layered service DAG, 7 metrics per service at 15 s over 6 h with gaps and NaN, a Slack export, Loki streams, Alertmanager webhooks with re-sends and resolutions, CloudEvents changes, and one injected fault (a bad deploy in a mid-tier service at hour 4, propagating to its callers; two red-herring changes just before).', '');
  lines.push('## Machine', '');
  lines.push(`- CPU: ${r.machine.cpu}, \`nproc\` = ${r.machine.nproc}`);
  lines.push(`- Node ${r.machine.node}, ${r.machine.os}`);
  if (r.machine.firstTouch) {
    const { freshMs, againMs } = r.machine.firstTouch;
    lines.push(`- Memory: filling 32 MB that the process never touched took ${freshMs.toFixed(0)} ms, filling it again ${againMs.toFixed(1)} ms. Where first touches are this dear (here: a virtual machine whose host backs guest memory on first use), peak memory is much of the wall time below, and the analysis avoids fresh memory where it can (one reused read buffer, metric files scanned as bytes).`);
  }
  lines.push(`- CLI: ${r.machine.cliMode === 'dist' ? 'precompiled `dist/` (`npm run build`, as after `npm ci`)' : 'TypeScript sources through tsx (no fresh `dist/`)'}`);
  lines.push('- `free -g`:', '', '```', r.machine.freeG.trimEnd(), '```', '');

  lines.push('## Bundles', '');
  lines.push('| scale | size (MB) | files | services | series | samples | Slack messages | log lines | alert payloads | changes |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { stats: b } of r.scales) {
    lines.push(`| ${b.scale}× | ${(b.bytes / 1e6).toFixed(1)} | ${b.files} | ${b.services} | ${b.series} | ${b.samples.toLocaleString('en-US')} | ${b.messages.toLocaleString('en-US')} | ${b.logLines.toLocaleString('en-US')} | ${b.alertPayloads.toLocaleString('en-US')} | ${b.changes} |`);
  }
  lines.push('');

  lines.push(`## \`opsight analyze <bundle> --format json\` (child process, stdout discarded, ${r.runsPerScale} runs, median [min–max])`, '');
  lines.push('| scale | wall (s) | peak RSS (MB) | top root cause | true cause rank |');
  lines.push('|---:|---:|---:|---|---:|');
  for (const x of r.scales) {
    const c = x.check;
    const top = c.error ? `error: ${c.error}` : `${c.topService ?? '—'} (${c.topKind ?? '?'}, ${c.topConfidence?.toFixed(2) ?? '?'})${c.topService === c.expectedService ? ' ✓' : ` ✗ expected ${c.expectedService}`}${c.reportValid ? '' : ' (report failed schema)'}`;
    lines.push(`| ${x.stats.scale}× | ${s(x.wallMs.median)} [${s(x.wallMs.min)}–${s(x.wallMs.max)}] | ${mb(x.peakRssMb.median)} [${mb(x.peakRssMb.min)}–${mb(x.peakRssMb.max)}] | ${top} | ${c.trueRank ?? '—'} |`);
  }
  lines.push('');

  if (r.startup) {
    lines.push(`Start-up alone (\`opsight analyze\` of a bundle with only incident.json: Node, the CLI's imports, an empty analysis): ${s(r.startup.wallMs.median)} s [${s(r.startup.wallMs.min)}–${s(r.startup.wallMs.max)}], ${mb(r.startup.peakRssMb.median)} MB.`, '');
  }
  const time = growthRatios(r.scales.map((x) => ({ scale: x.stats.scale, cost: x.wallMs.median })));
  const startupMs = r.startup?.wallMs.median ?? 0;
  const net = growthRatios(r.scales.map((x) => ({ scale: x.stats.scale, cost: Math.max(1, x.wallMs.median - startupMs) })));
  const rss = growthRatios(r.scales.map((x) => ({ scale: x.stats.scale, cost: x.peakRssMb.median })));
  if (time.length) {
    lines.push('### Growth', '');
    lines.push('Cost ratio between consecutive scales next to the input ratio; exponent = log(cost ratio) / log(input ratio), 1 = linear, < 1 = better than linear. "Net" subtracts the start-up time above, which otherwise makes small scales look relatively expensive.', '');
    lines.push('| step | input × | wall time × | exponent | net wall time × | exponent | peak RSS × | exponent |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    time.forEach((g, i) => {
      const n = net[i]!;
      const m = rss[i]!;
      lines.push(`| ${g.to}× / ${g.from}× | ${g.scaleRatio.toFixed(1)} | ${g.costRatio.toFixed(2)} | ${g.exponent.toFixed(2)} | ${r.startup ? `${n.costRatio.toFixed(2)} | ${n.exponent.toFixed(2)}` : '— | —'} | ${m.costRatio.toFixed(2)} | ${m.exponent.toFixed(2)} |`);
    });
    lines.push('');
  }

  lines.push(`## \`opsight demo\` end to end (${r.runsPerScale} runs)`, '');
  if (!r.demo) lines.push('Not measured.');
  else if ('error' in r.demo) lines.push(`Failed: ${r.demo.error}`);
  else lines.push(`Wall ${s(r.demo.wallMs.median)} s [${s(r.demo.wallMs.min)}–${s(r.demo.wallMs.max)}], peak RSS ${mb(r.demo.peakRssMb.median)} MB.`);
  lines.push('');

  lines.push('## Targets', '');
  const one = r.scales.find((x) => x.stats.scale === 1);
  lines.push('| target | measured | |', '|---|---:|---|');
  if (one) {
    lines.push(`| 1× wall < ${s(TARGETS.wallMsAtScale1)} s | ${s(one.wallMs.median)} s | ${mark(one.wallMs.median < TARGETS.wallMsAtScale1)} |`);
    lines.push(`| 1× peak RSS < ${TARGETS.peakRssMbAtScale1} MB | ${mb(one.peakRssMb.median)} MB | ${mark(one.peakRssMb.median < TARGETS.peakRssMbAtScale1)} |`);
  } else {
    lines.push('| 1× wall and peak RSS | not run | |');
  }
  if (r.demo && !('error' in r.demo)) lines.push(`| demo < ${s(TARGETS.demoWallMs)} s | ${s(r.demo.wallMs.median)} s | ${mark(r.demo.wallMs.median < TARGETS.demoWallMs)} |`);
  else lines.push('| demo < 3 s | not measured | |');
  lines.push('');
  if (r.failures.length) lines.push('## Failures', '', ...r.failures.map((f) => `- ${f}`), '');

  lines.push('## Method', '');
  lines.push('- Bundles are generated once into `evals/generated/bench/<scale>/` (git-ignored) and regenerated when the generator version changes.');
  lines.push('- Per scale: one untimed warm-up run whose JSON report is checked against `truth.json` and the report schema, then the timed runs.');
  lines.push('- Wall time: from just before `spawn` to the child\'s exit. Peak RSS: the child\'s own `getrusage` high-water mark (`process.resourceUsage().maxRSS`), written at exit by `evals/bench/record-max-rss.mjs` preloaded with `node --import`.');
  lines.push('- The machine is shared (2 cores): other work running at the same time shows up as spread between min and max.');
  lines.push('- Options: `npm run bench -- --scales 0.25,1 --runs 5 --no-demo`.', '');
  return lines.join('\n');
}
