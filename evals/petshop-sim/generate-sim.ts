import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Topology } from '../../src/domain/index.ts';
import { mulberry32 } from '../../src/random/mulberry32.ts';
import { petshopBundleFiles } from '../petshop/convert-issue.ts';
import { convertBaseline } from '../petshop/convert-baseline.ts';
import { convertGraphCsv } from '../petshop/convert-graph-csv.ts';
import { columnId, convertMetricsCsv, type MetricsTable } from '../petshop/convert-metrics-csv.ts';
import { PETSHOP_STEP_SECONDS } from '../petshop/convert-metric-name.ts';
import type { PetshopTarget } from '../petshop/convert-target.ts';
import { isProxyNode } from '../../src/analysis/proxy-aliases.ts';
import { injectFault, reachableFrom, sliceTable, slowDown, type FaultMetric, type NodeEffect } from './inject-fault.ts';

/** Bumped whenever the fault model or bundle layout changes, so cached bundles get rebuilt. */
export const PETSHOP_SIM_GENERATOR_VERSION = 4;

export type SimScenario = 'low_traffic' | 'high_traffic';
export const SIM_SCENARIOS: readonly SimScenario[] = ['low_traffic', 'high_traffic'];

/** The node every symptom is measured at (the dataset's target node). */
export const SIM_TARGET_NODE = 'PetSite';
const WINDOW_ROWS = 5;
/**
 * Window row holding the target timestamp (the onset). As in the real train issues, the fault then
 * fills the next two rows and fades out in the last one, so the window shows before, during and after.
 */
const ONSET_ROW = 1;
const FULL_ROW = 2;
const MIN_GAP_ROWS = 12;
/** Visible symptom: PetSite's latency up by 5 % (relative), or its availability down by 1 point. */
const MIN_SYMPTOM: Record<FaultMetric, number> = { latency: 0.05, availability: 0.01 };
const MAX_ATTEMPTS = 200;

/** Reads a file as UTF-8; injectable so tests can check which dataset files are opened. */
export type ReadText = (path: string) => Promise<string>;

/** The only two dataset files a scenario is built from. */
export function simSourceFiles(datasetDir: string, scenario: SimScenario): { graph: string; metrics: string } {
  const dir = join(datasetDir, 'dataset', scenario);
  return { graph: join(dir, 'graph.csv'), metrics: join(dir, 'noissue', 'metrics.csv') };
}

/** A scenario's fault-free recording and its call graph. */
export interface SimSource {
  scenario: SimScenario;
  table: MetricsTable;
  topology: Topology;
}

/** Loads `noissue/metrics.csv` and `graph.csv` of a scenario — nothing else. */
export async function loadSimSource(datasetDir: string, scenario: SimScenario, readText: ReadText = (p) => readFile(p, 'utf8')): Promise<SimSource> {
  const files = simSourceFiles(datasetDir, scenario);
  const topology = convertGraphCsv(await readText(files.graph), files.graph);
  const table = convertMetricsCsv(await readText(files.metrics), files.metrics);
  return { scenario, table, topology };
}

/** Parameters of one simulated issue, recorded in truth.json as `sim`. */
export interface SimParams {
  scenario: SimScenario;
  metric: FaultMetric;
  root: string;
  /** Latency fault: delay (s) and delayed share. */
  d?: number;
  q?: number;
  /** Availability fault: error share, and the factor the root's own latency grows by. */
  p?: number;
  slowdown?: number;
  /** Onset fraction of window row 1 (rows 2 and 3 are fully affected, row 4 partly). */
  onset: number;
  /** Baseline rows [0, b) of the fault-free file. */
  b: number;
  /** Window rows [w0, w0 + 5) of the fault-free file. */
  w0: number;
  /** Change of PetSite's target column in window row 2: relative (latency) or in availability points / 100. */
  symptom: number;
  /** Attempts needed to reach a visible symptom. */
  attempts: number;
  /** Affected non-proxy nodes (root included), largest effect first. */
  affected: string[];
  /** Bystander nodes given a level shift over the whole window (the real data's change of recording period). */
  shifted: string[];
}

export interface SimOptions {
  /**
   * Bundles hold only the 5-row window, no fault-free baseline: like the real temporal_traffic issues,
   * whose baseline recordings are missing from our snapshot. The same issues as without it.
   */
  windowOnly?: boolean;
}

export interface SimIssue {
  id: string;
  params: SimParams;
  target: PetshopTarget['target'];
  files: Map<string, string>;
}

export function simBundleId(scenario: SimScenario, metric: FaultMetric, index: number): string {
  return `petshop-sim-${scenario}-${metric}-${index}`;
}

/** Deterministic per-issue random source from the run seed and the issue index. */
export function issueRng(seed: number, index: number): () => number {
  return mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

const uniform = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng();
const intIn = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const logUniform = (rng: () => number, lo: number, hi: number) => Math.exp(uniform(rng, Math.log(lo), Math.log(hi)));

/**
 * Nodes eligible as root: not a proxy, not PetSite, reachable from PetSite, and with at least 3
 * latency `Average` samples in the window. No node is preferred by name; order is the topology's.
 */
export function eligibleRoots(window: MetricsTable, topology: Topology): string[] {
  const reachable = reachableFrom(topology, SIM_TARGET_NODE);
  return topology.services.map((s) => s.name).filter((node) => {
    if (isProxyNode(node) || node === SIM_TARGET_NODE || !reachable.has(node)) return false;
    const col = window.columns.get(columnId({ node, metric: 'latency', statistic: 'Average' }));
    return col !== undefined && Array.from(col.values).filter((v) => !Number.isNaN(v)).length >= 3;
  });
}

/**
 * How much PetSite's target column moved in a fully affected row: relative for latency, in points of
 * availability (as a share, 0.01 = 1 point) for availability; 0 when it has no sample there.
 */
function symptomAt(before: MetricsTable, after: MetricsTable, metric: FaultMetric, row: number): number {
  const id = columnId({ node: SIM_TARGET_NODE, metric, statistic: 'Average' });
  const a = before.columns.get(id)?.values[row];
  const b = after.columns.get(id)?.values[row];
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return 0;
  if (metric === 'availability') return Math.abs(b - a) / 100;
  if (a === 0) return b === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(b - a) / Math.abs(a);
}

/**
 * Simulates issue `index` of a run: time layout, root, fault, propagation; redraws (bounded) until
 * PetSite's target column visibly moves in window row 2 (`MIN_SYMPTOM`). Scenario alternates with the
 * index, the fault metric with every second index, so all four combinations occur.
 * @throws Error when no attempt gives a visible symptom
 */
export function simulateIssue(source: SimSource, seed: number, index: number, options: SimOptions = {}): SimIssue {
  const rng = issueRng(seed, index);
  const metric: FaultMetric = Math.floor(index / 2) % 2 === 0 ? 'latency' : 'availability';
  const { table, topology, scenario } = source;
  const nRows = table.timesSec.length;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const b = intIn(rng, 200, 300);
    const w0 = intIn(rng, b + MIN_GAP_ROWS, nRows - WINDOW_ROWS);
    const baseline = sliceTable(table, 0, b);
    const window = sliceTable(table, w0, w0 + WINDOW_ROWS);
    const roots = eligibleRoots(window, topology);
    if (roots.length === 0) continue;
    const root = roots[Math.floor(rng() * roots.length)]!;
    const onset = uniform(rng, 0.1, 1);
    const rowWeights = [0, onset, 1, 1, uniform(rng, 0, 0.5)];
    const effect: NodeEffect = metric === 'latency'
      ? { kind: 'latency', d: logUniform(rng, 0.02, 2), q: uniform(rng, 0.3, 1) }
      : { kind: 'availability', p: logUniform(rng, 0.01, 0.3) };
    const injected = injectFault(window, topology, root, effect, rowWeights, rng);
    const slowdown = effect.kind === 'availability' ? uniform(rng, 1.3, 2.2) : 1;
    slowDown(injected.table, root, slowdown, rowWeights);
    const symptom = symptomAt(window, injected.table, metric, FULL_ROW);
    if (symptom < MIN_SYMPTOM[metric]) continue;
    const shifted = shiftBackground(injected.table, topology, new Set([root, SIM_TARGET_NODE, ...injected.effects.keys()]), rng);

    const targetTimestamp = (window.timesSec[ONSET_ROW] ?? 0) + Math.round((1 - onset) * PETSHOP_STEP_SECONDS);
    const windowEndSec = (window.timesSec.at(-1) ?? 0) + PETSHOP_STEP_SECONDS;
    const target: PetshopTarget['target'] = { node: SIM_TARGET_NODE, metric, agg: 'Average', timestamp: targetTimestamp };
    const affected = [...injected.effects.entries()]
      .filter(([node]) => !isProxyNode(node))
      .sort(([, x], [, y]) => magnitude(y) - magnitude(x))
      .map(([node]) => node);
    const params: SimParams = {
      scenario, metric, root,
      ...(effect.kind === 'latency' ? { d: round(effect.d), q: round(effect.q) } : { p: round(effect.p), slowdown: round(slowdown) }),
      onset: round(onset), b, w0, symptom: round(symptom), attempts: attempt, affected, shifted,
    };
    const id = simBundleId(scenario, metric, index);
    const metrics = options.windowOnly ? injected.table : convertBaseline(baseline, injected.table, PETSHOP_STEP_SECONDS).table;
    return { id, params, target, files: buildBundleFiles(id, metrics, topology, target, windowEndSec, root, params) };
  }
  throw new Error(`simulateIssue: no visible symptom at ${SIM_TARGET_NODE} after ${MAX_ATTEMPTS} attempts (${scenario}, ${metric}, index ${index})`);
}

/**
 * The real issues were recorded months after their fault-free baseline, so several nodes that the
 * fault never touched sit at another level for the whole window (slower lambdas, a balancer that
 * errors), and rarely called ones swing from one 5-minute row to the next (a step-function lambda at
 * 100, 20, 50, 100 % availability). Mimic that: 2–5 bystanders (proxies included) get a latency factor
 * of 1.5–6 or lose 30–100 % of their availability; half of them keep that level on every window row,
 * the others draw a new level per row. Nothing propagates. Returns their names.
 */
function shiftBackground(table: MetricsTable, topology: Topology, untouchable: ReadonlySet<string>, rng: () => number): string[] {
  const bystanders = topology.services.map((s) => s.name).filter((n) => !untouchable.has(n));
  const count = Math.min(bystanders.length, intIn(rng, 2, 5));
  const chosen: string[] = [];
  while (chosen.length < count) {
    const node = bystanders.splice(Math.floor(rng() * bystanders.length), 1)[0]!;
    const latency = rng() < 0.6;
    const drawFactor = () => (latency ? uniform(rng, 1.5, 6) : 1 - uniform(rng, 0.3, 1));
    const steady = rng() < 0.5;
    const first = drawFactor();
    const factors = table.timesSec.map((_, r) => (steady || r === 0 ? first : drawFactor()));
    for (const { key, values } of table.columns.values()) {
      if (key.node !== node || key.metric !== (latency ? 'latency' : 'availability')) continue;
      for (let r = 0; r < values.length; r++) if (!Number.isNaN(values[r]!)) values[r] = values[r]! * factors[r]!;
    }
    chosen.push(node);
  }
  return chosen;
}

function magnitude(effect: NodeEffect): number {
  return effect.kind === 'latency' ? effect.d * effect.q : effect.p;
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}

/** The bundle files, exactly as the real converter writes them, with the simulation's parameters in truth.json. */
export function buildBundleFiles(id: string, joined: MetricsTable, topology: Topology, target: PetshopTarget['target'], windowEndSec: number, root: string, sim: SimParams): Map<string, string> {
  return petshopBundleFiles({ id, table: joined, topology, target, windowEndSec, rootCause: root, truthExtra: { sim } });
}

/**
 * Simulates `count` issues from `seed`, reading only `noissue/metrics.csv` and `graph.csv` of
 * low_traffic and high_traffic (once each).
 */
export async function generateSim(datasetDir: string, count: number, seed: number, readText?: ReadText, options: SimOptions = {}): Promise<SimIssue[]> {
  const sources = new Map<SimScenario, SimSource>();
  const issues: SimIssue[] = [];
  for (let i = 0; i < count; i++) {
    const scenario = SIM_SCENARIOS[i % SIM_SCENARIOS.length]!;
    let source = sources.get(scenario);
    if (!source) {
      source = await loadSimSource(datasetDir, scenario, readText);
      sources.set(scenario, source);
    }
    issues.push(simulateIssue(source, seed, i, options));
  }
  return issues;
}
