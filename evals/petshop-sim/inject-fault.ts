import type { Topology } from '../../src/domain/index.ts';
import { findProxyAliases, isProxyNode } from '../../src/analysis/proxy-aliases.ts';
import { dependenciesOf, type ServiceGraph } from '../../src/analysis/service-graph.ts';
import { columnId, type MetricsColumn, type MetricsTable } from '../petshop/convert-metrics-csv.ts';

/**
 * Fault injection on a PetShop metrics table (pure functions; see README.md for the fault model).
 * Only `latency` and `availability` columns are changed; `requests` columns and empty cells (`NaN`)
 * are never touched. X-Ray proxy nodes (`…_remote`, `…_client`) change only as the callers' view of a
 * service they stand for (`proxyViewEffects`).
 */

export type FaultMetric = 'latency' | 'availability';

/** A delay of `d` seconds added to a share `q` (0–1] of a node's requests. */
export interface LatencyEffect {
  kind: 'latency';
  d: number;
  q: number;
}

/** A share `p` (0–1] of a node's requests fails. */
export interface AvailabilityEffect {
  kind: 'availability';
  p: number;
}

export type NodeEffect = LatencyEffect | AvailabilityEffect;


/** A deep copy (values arrays are copied), so injection never mutates its input. */
export function cloneTable(table: MetricsTable): MetricsTable {
  const columns = new Map<string, MetricsColumn>();
  for (const [id, col] of table.columns) columns.set(id, { key: { ...col.key }, values: new Float64Array(col.values) });
  return { timesSec: [...table.timesSec], columns };
}

/** Rows `[from, to)` of a table, as a new table. */
export function sliceTable(table: MetricsTable, from: number, to: number): MetricsTable {
  const columns = new Map<string, MetricsColumn>();
  for (const [id, col] of table.columns) columns.set(id, { key: { ...col.key }, values: col.values.slice(from, to) });
  return { timesSec: table.timesSec.slice(from, to), columns };
}

/**
 * Share of a node's percentile `pX` that moves by the full delay when a share `q` of requests is delayed:
 * 1 when X/100 ≥ 1 − q, a linear ramp over the 0.1 below that, 0 further down (monotone in X).
 */
export function percentileShare(percentile: number, q: number): number {
  const x = percentile / 100;
  if (x >= 1 - q) return 1;
  return Math.min(1, Math.max(0, (x - (1 - q - 0.1)) / 0.1));
}

/** The statistic's percentile (`p95` → 95), or undefined for `Average` / `Sum`. */
function percentileOf(statistic: string): number | undefined {
  const m = /^p(\d+(?:\.\d+)?)$/.exec(statistic);
  return m ? Number(m[1]) : undefined;
}

/** Size of an effect at its node: extra average latency (s) or error share. */
export function effectSize(effect: NodeEffect): number {
  return effect.kind === 'latency' ? effect.d * effect.q : effect.p;
}

/**
 * Applies one node's effect to its columns, in place, row `r` scaled by `rowWeights[r]` (0 = unaffected).
 * Latency: `Average += w·q·d`, `pX += w·d·percentileShare(X, q)`. Availability (a percentage):
 * `Average = Average · (1 − w·p)`. `NaN` cells are left alone.
 */
export function applyEffect(table: MetricsTable, node: string, effect: NodeEffect, rowWeights: readonly number[]): void {
  for (const { key, values } of table.columns.values()) {
    if (key.node !== node || key.metric !== effect.kind) continue;
    let delta: (value: number, w: number) => number;
    if (effect.kind === 'latency') {
      const pct = percentileOf(key.statistic);
      if (key.statistic === 'Average') delta = (v, w) => v + w * effect.q * effect.d;
      else if (pct !== undefined) delta = (v, w) => v + w * effect.d * percentileShare(pct, effect.q);
      else continue;
    } else {
      if (key.statistic !== 'Average') continue;
      delta = (v, w) => v * (1 - w * effect.p);
    }
    for (let r = 0; r < values.length; r++) {
      const w = rowWeights[r] ?? 0;
      const v = values[r] ?? Number.NaN;
      if (w === 0 || Number.isNaN(v)) continue;
      values[r] = delta(v, w);
    }
  }
}

/**
 * Multiplies a node's latency columns (Average and percentiles) by `1 + w·(factor − 1)`, in place: a
 * failing service is also slower on the requests it fails (timeouts, retries, error handling), as the
 * real train issues' availability faults show (the failing service's average latency about doubled).
 */
export function slowDown(table: MetricsTable, node: string, factor: number, rowWeights: readonly number[]): void {
  for (const { key, values } of table.columns.values()) {
    if (key.node !== node || key.metric !== 'latency') continue;
    for (let r = 0; r < values.length; r++) {
      const w = rowWeights[r] ?? 0;
      if (w > 0 && !Number.isNaN(values[r]!)) values[r] = values[r]! * (1 + w * (factor - 1));
    }
  }
}

/** Nodes reachable from `start` by following call edges (the analyzer's own traversal; `start` excluded). */
export function reachableFrom(topology: Topology, start: string): Set<string> {
  return dependenciesOf(graphOfTopology(topology), start);
}

/** Median of the non-NaN values of a node's column over some rows; undefined when none. */
export function medianOf(table: MetricsTable, node: string, metric: string, statistic: string, rows: readonly number[]): number | undefined {
  const col = table.columns.get(columnId({ node, metric, statistic }));
  if (!col) return undefined;
  const xs = rows.map((r) => col.values[r] ?? Number.NaN).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

export interface PropagationOptions {
  /** Rows whose request medians give the call shares (the issue window). */
  shareRows: readonly number[];
  /** Probability that errors of a callee reach the caller over one edge (default 0.85). */
  errorPassProbability?: number;
  /** Random per-edge factor range (default [0.6, 1]). */
  edgeFactor?: [number, number];
}

/**
 * The effect of a fault at `root` on every node upstream of it (its callers, their callers, …).
 * For a caller C of an affected child K, the share of C's requests that reach K is
 * `s = clamp(median requests(K) / median requests(C), 0.05, 1)` over `shareRows` (uniform in [0.2, 1] when
 * either is missing), times a random edge factor. Latency: `q' = s·q`, same `d`. Availability: with
 * probability `errorPassProbability` `p' = s·p`, otherwise the errors are absorbed and the path stops.
 * Each caller takes the largest effect over its affected children. Cycles are cut (a node never feeds
 * back into a node it is being computed for). Random draws happen in a fixed order, so the result is a
 * function of `rng`'s state.
 */
export function propagateFault(table: MetricsTable, topology: Topology, root: string, rootEffect: NodeEffect, rng: () => number, options: PropagationOptions): Map<string, NodeEffect> {
  const { callers } = graphOfTopology(topology);
  const pass = options.errorPassProbability ?? 0.85;
  const [fLo, fHi] = options.edgeFactor ?? [0.6, 1];
  const effects = new Map<string, NodeEffect>([[root, rootEffect]]);
  // Best-first: always expand the node with the largest effect still unexpanded, so each caller is
  // reached first via its strongest child and every node is expanded once (like Dijkstra on a max-product).
  const expanded = new Set<string>();
  for (;;) {
    let next: string | undefined;
    for (const [node, eff] of effects) {
      if (expanded.has(node)) continue;
      if (next === undefined || effectSize(eff) > effectSize(effects.get(next)!)) next = node;
    }
    if (next === undefined) break;
    expanded.add(next);
    const child = effects.get(next)!;
    for (const caller of callers.get(next) ?? []) {
      const share = requestShare(table, next, caller, options.shareRows, rng) * (fLo + (fHi - fLo) * rng());
      let candidate: NodeEffect | undefined;
      if (child.kind === 'latency') candidate = { kind: 'latency', d: child.d, q: share * child.q };
      else if (rng() < pass) candidate = { kind: 'availability', p: share * child.p };
      if (!candidate || expanded.has(caller)) continue;
      const current = effects.get(caller);
      if (!current || effectSize(candidate) > effectSize(current)) effects.set(caller, candidate);
    }
  }
  return effects;
}

function requestShare(table: MetricsTable, child: string, caller: string, rows: readonly number[], rng: () => number): number {
  const kReq = medianOf(table, child, 'requests', 'Sum', rows);
  const cReq = medianOf(table, caller, 'requests', 'Sum', rows);
  const fallback = 0.2 + 0.8 * rng(); // drawn every time so the random stream does not depend on data gaps
  if (kReq === undefined || cReq === undefined || cReq <= 0) return fallback;
  return Math.min(1, Math.max(0.05, kReq / cReq));
}

/** The call graph of a topology in the analyzer's shape, for its X-Ray proxy rules. */
export function graphOfTopology(topology: Topology): ServiceGraph {
  const callees = new Map<string, Set<string>>();
  const callers = new Map<string, Set<string>>();
  for (const s of topology.services) {
    for (const dep of s.dependsOn) {
      (callees.get(s.name) ?? callees.set(s.name, new Set()).get(s.name)!).add(dep);
      (callers.get(dep) ?? callers.set(dep, new Set()).get(dep)!).add(s.name);
    }
  }
  return { services: topology.services.map((s) => s.name), callees, callers, external: new Set(), teams: new Map(), origin: 'topology' };
}

/**
 * Callers' views of the affected services: an X-Ray `_client` node or balancer `_remote` node that
 * stands for an affected service sees its effect amplified (connection errors, timeouts and queueing in
 * front of the service add to what the service itself records), as in the real train issues, where the
 * balancer view of the search service showed 12–16 % errors against the service's own 3–5 %.
 * Availability: `p·U(1, 3)`, at most 0.95; latency: `d·U(1, 2)`, same share.
 */
export function proxyViewEffects(topology: Topology, effects: ReadonlyMap<string, NodeEffect>, rng: () => number): Map<string, NodeEffect> {
  const views = new Map<string, NodeEffect>();
  const aliases = [...findProxyAliases(graphOfTopology(topology))].sort(([a], [b]) => a.localeCompare(b));
  for (const [proxy, service] of aliases) {
    const seen = effects.get(service);
    if (!seen || isProxyNode(service)) continue;
    const amplify = 1 + (seen.kind === 'availability' ? 2 : 1) * rng();
    views.set(proxy, seen.kind === 'availability' ? { kind: 'availability', p: Math.min(0.95, seen.p * amplify) } : { kind: 'latency', d: seen.d * amplify, q: seen.q });
  }
  return views;
}

export interface InjectedFault {
  /** The window with the fault applied (a copy; the input is unchanged). */
  table: MetricsTable;
  /** Effect per affected node, root included; proxies carry the callers' views of the services they stand for. */
  effects: Map<string, NodeEffect>;
}

/**
 * Injects a fault at `root` and its upstream propagation into a copy of `window`, row `r` weighted
 * by `rowWeights[r]` (the onset). Call shares come from the request medians over all window rows.
 * Proxy nodes get only the callers' views of the services they stand for (`proxyViewEffects`).
 */
export function injectFault(window: MetricsTable, topology: Topology, root: string, rootEffect: NodeEffect, rowWeights: readonly number[], rng: () => number): InjectedFault {
  const shareRows = window.timesSec.map((_, i) => i);
  const propagated = propagateFault(window, topology, root, rootEffect, rng, { shareRows });
  const effects = new Map([...propagated].filter(([node]) => !isProxyNode(node)));
  for (const [proxy, view] of proxyViewEffects(topology, effects, rng)) effects.set(proxy, view);
  const table = cloneTable(window);
  for (const [node, effect] of effects) applyEffect(table, node, effect, rowWeights);
  return { table, effects };
}
