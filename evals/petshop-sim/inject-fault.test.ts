import { describe, expect, it } from 'vitest';
import type { Topology } from '../../src/domain/index.ts';
import { columnId, type MetricsColumn, type MetricsTable } from '../petshop/convert-metrics-csv.ts';
import { applyEffect, cloneTable, injectFault, percentileShare, propagateFault, proxyViewEffects, reachableFrom, sliceTable } from './inject-fault.ts';

/** `{'Node|metric|stat': values}` → MetricsTable with rows at 300 s. */
function makeTable(cols: Record<string, number[]>): MetricsTable {
  const columns = new Map<string, MetricsColumn>();
  let rows = 0;
  for (const [spec, values] of Object.entries(cols)) {
    const [node = '', metric = '', statistic = ''] = spec.split('|');
    const key = { node, metric, statistic };
    columns.set(columnId(key), { key, values: Float64Array.from(values) });
    rows = values.length;
  }
  return { timesSec: Array.from({ length: rows }, (_, i) => 1000 + 300 * i), columns };
}

function get(t: MetricsTable, spec: string): number[] {
  const [node = '', metric = '', statistic = ''] = spec.split('|');
  return Array.from(t.columns.get(columnId({ node, metric, statistic }))?.values ?? []);
}

const W = [0, 0, 0, 0.5, 1];
const topo = (edges: Record<string, string[]>): Topology => ({
  services: [...new Set([...Object.keys(edges), ...Object.values(edges).flat()])].map((name) => ({ name, dependsOn: edges[name] ?? [] })),
});

describe('percentileShare', () => {
  it('is 1 at and above 1 - q, ramps linearly over 0.1 below, 0 further down, and is monotone', () => {
    expect(percentileShare(99, 0.3)).toBe(1);
    expect(percentileShare(70, 0.3)).toBe(1);
    expect(percentileShare(65, 0.3)).toBeCloseTo(0.5);
    expect(percentileShare(50, 0.3)).toBe(0);
    const xs = [50, 60, 65, 70, 90, 95, 99].map((x) => percentileShare(x, 0.35));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('applyEffect', () => {
  it('adds w·q·d to Average and w·d·share to percentiles, keeps NaN cells and requests', () => {
    const t = makeTable({
      'A|latency|Average': [0.1, 0.1, 0.1, 0.1, Number.NaN],
      'A|latency|p50': [0.05, 0.05, 0.05, 0.05, 0.05],
      'A|latency|p90': [0.2, 0.2, 0.2, 0.2, 0.2],
      'A|latency|p99': [0.5, 0.5, 0.5, Number.NaN, 0.5],
      'A|requests|Sum': [10, 10, 10, 10, 10],
      'A|availability|Average': [100, 100, 100, 100, 100],
    });
    applyEffect(t, 'A', { kind: 'latency', d: 2, q: 0.3 }, W);
    const avg = get(t, 'A|latency|Average');
    expect(avg.slice(0, 3)).toEqual([0.1, 0.1, 0.1]);
    expect(avg[3]).toBeCloseTo(0.1 + 0.5 * 0.3 * 2);
    expect(avg[4]).toBeNaN();
    expect(get(t, 'A|latency|p50')).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]); // 0.5 < 1 - 0.3 - 0.1
    expect(get(t, 'A|latency|p90')[3]).toBeCloseTo(0.2 + 0.5 * 2);
    expect(get(t, 'A|latency|p90')[4]).toBeCloseTo(2.2);
    expect(get(t, 'A|latency|p99')[3]).toBeNaN();
    expect(get(t, 'A|latency|p99')[4]).toBeCloseTo(2.5);
    expect(get(t, 'A|requests|Sum')).toEqual([10, 10, 10, 10, 10]);
    expect(get(t, 'A|availability|Average')).toEqual([100, 100, 100, 100, 100]);
  });

  it('scales availability by 1 - w·p and leaves latency alone', () => {
    const t = makeTable({ 'A|availability|Average': [100, 100, 100, 100, Number.NaN], 'A|latency|Average': [0.1, 0.1, 0.1, 0.1, 0.1] });
    applyEffect(t, 'A', { kind: 'availability', p: 0.4 }, [0, 0, 0, 0.5, 1]);
    expect(get(t, 'A|availability|Average').slice(0, 4)).toEqual([100, 100, 100, 80]);
    expect(get(t, 'A|availability|Average')[4]).toBeNaN();
    expect(get(t, 'A|latency|Average')).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
  });
});

describe('proxyViewEffects', () => {
  it("amplifies an affected service's effect on the client and balancer nodes that stand for it, and nowhere else", () => {
    const graph = topo({ Site: ['servi-searc.elb_remote', 'Search', 'servi-lista.elb_remote', 'List'], Search_client: ['Search'] });
    const effects = new Map([['Search', { kind: 'availability' as const, p: 0.04 }]]);
    const views = proxyViewEffects(graph, effects, () => 0.5);
    expect([...views.keys()].sort()).toEqual(['Search_client', 'servi-searc.elb_remote']);
    expect(views.get('Search_client')).toEqual({ kind: 'availability', p: 0.08 });
    const latency = proxyViewEffects(graph, new Map([['Search', { kind: 'latency' as const, d: 0.2, q: 0.5 }]]), () => 0.5);
    expect(latency.get('servi-searc.elb_remote')).toMatchObject({ kind: 'latency', q: 0.5 });
    const view = latency.get('servi-searc.elb_remote');
    expect(view?.kind === 'latency' && view.d).toBeCloseTo(0.3);
    expect(proxyViewEffects(graph, new Map([['Search', { kind: 'availability' as const, p: 0.9 }]]), () => 1).get('Search_client')).toEqual({ kind: 'availability', p: 0.95 });
  });
});

describe('propagateFault / injectFault', () => {
  const graph = topo({ PetSite: ['A', 'X_remote'], A: ['B'], B_client: ['B'] });
  const base = () => makeTable({
    'PetSite|latency|Average': [0.1, 0.1, 0.1, 0.1, 0.1],
    'PetSite|availability|Average': [100, 100, 100, 100, 100],
    'PetSite|requests|Sum': [100, 100, 100, 100, 100],
    'A|latency|Average': [0.05, 0.05, 0.05, 0.05, 0.05],
    'A|availability|Average': [100, 100, 100, 100, 100],
    'A|requests|Sum': [50, 50, 50, 50, 50],
    'B|latency|Average': [0.01, 0.01, 0.01, 0.01, 0.01],
    'B|availability|Average': [100, 100, 100, 100, 100],
    'B|requests|Sum': [50, 50, Number.NaN, 50, 50],
    'B_client|latency|Average': [0.02, 0.02, 0.02, 0.02, 0.02],
    'B_client|requests|Sum': [50, 50, 50, 50, 50],
    'X_remote|latency|Average': [0.03, 0.03, 0.03, 0.03, 0.03],
  });

  it('propagates latency upward with request shares and edge factors', () => {
    // rng 0.5: edge factor 0.6 + 0.4·0.5 = 0.8. A gets s = 50/50·0.8, PetSite s = 50/100·0.8.
    const { table, effects } = injectFault(base(), graph, 'B', { kind: 'latency', d: 1, q: 1 }, W, () => 0.5);
    expect(effects.get('A')).toEqual({ kind: 'latency', d: 1, q: 0.8 });
    const ps = effects.get('PetSite');
    expect(ps?.kind === 'latency' && ps.q).toBeCloseTo(0.32);
    expect(get(table, 'PetSite|latency|Average')[4]).toBeCloseTo(0.1 + 0.32);
    expect(get(table, 'PetSite|latency|Average')[3]).toBeCloseTo(0.1 + 0.5 * 0.32);
    expect(get(table, 'A|latency|Average')[4]).toBeCloseTo(0.05 + 0.8);
    expect(get(table, 'B|latency|Average')[4]).toBeCloseTo(1.01);
    // the client node is the caller's view of B: B's delay, amplified by 1 + rng = 1.5
    expect(effects.get('B_client')).toEqual({ kind: 'latency', d: 1.5, q: 1 });
    expect(get(table, 'B_client|latency|Average')[4]).toBeCloseTo(0.02 + 1.5);
    // a balancer view that stands for no affected service is untouched
    expect(get(table, 'X_remote|latency|Average')).toEqual([0.03, 0.03, 0.03, 0.03, 0.03]);
    expect(get(table, 'B|requests|Sum')).toEqual(get(base(), 'B|requests|Sum'));
  });

  it('does not mutate its input', () => {
    const input = base();
    const before = cloneTable(input);
    injectFault(input, graph, 'B', { kind: 'latency', d: 1, q: 1 }, W, () => 0.5);
    expect(input).toEqual(before);
  });

  it('propagates errors with p′ = s·p when they pass', () => {
    const { table } = injectFault(base(), graph, 'B', { kind: 'availability', p: 0.5 }, W, () => 0.5);
    expect(get(table, 'B|availability|Average')[4]).toBeCloseTo(50);
    expect(get(table, 'A|availability|Average')[4]).toBeCloseTo(100 * (1 - 0.4));
    expect(get(table, 'PetSite|availability|Average')[4]).toBeCloseTo(100 * (1 - 0.16));
  });

  it('stops propagation on a path where the errors are absorbed', () => {
    // rng 0.9 ≥ 0.85 on every edge: absorbed at A, so PetSite never sees the errors
    const { table, effects } = injectFault(base(), graph, 'B', { kind: 'availability', p: 0.5 }, W, () => 0.9);
    expect(effects.has('A')).toBe(false);
    expect(effects.has('PetSite')).toBe(false);
    expect(get(table, 'A|availability|Average')).toEqual([100, 100, 100, 100, 100]);
    expect(get(table, 'PetSite|availability|Average')).toEqual([100, 100, 100, 100, 100]);
    expect(get(table, 'B|availability|Average')[4]).toBeCloseTo(50);
  });

  it('takes the maximum effect over several children and survives cycles', () => {
    const g = topo({ P: ['A', 'C'], A: ['B'], C: ['B', 'P'] });
    const t = makeTable({ 'P|requests|Sum': [100], 'A|requests|Sum': [10], 'C|requests|Sum': [100], 'B|requests|Sum': [100] });
    const effects = propagateFault(t, g, 'B', { kind: 'latency', d: 1, q: 1 }, () => 0.999999, { shareRows: [0] });
    // via C: s = 1; via A: s = 0.1 → P takes the larger one
    const p = effects.get('P');
    expect(p?.kind === 'latency' && p.q).toBeCloseTo(1, 3);
  });

  it('falls back to a random share when requests are missing and clamps to [0.05, 1]', () => {
    const g = topo({ P: ['A'] });
    const missing = propagateFault(makeTable({ 'P|requests|Sum': [100] }), g, 'A', { kind: 'latency', d: 1, q: 1 }, () => 0, { shareRows: [0] });
    expect(missing.get('P')).toEqual({ kind: 'latency', d: 1, q: 0.2 * 0.6 });
    const tiny = propagateFault(makeTable({ 'P|requests|Sum': [1000], 'A|requests|Sum': [1] }), g, 'A', { kind: 'latency', d: 1, q: 1 }, () => 0, { shareRows: [0] });
    expect(tiny.get('P')).toEqual({ kind: 'latency', d: 1, q: 0.05 * 0.6 });
  });

  it('reachableFrom and sliceTable', () => {
    expect([...reachableFrom(graph, 'PetSite')].sort()).toEqual(['A', 'B', 'X_remote']);
    const s = sliceTable(base(), 3, 5);
    expect(s.timesSec).toEqual([1900, 2200]);
    expect(get(s, 'B|requests|Sum')).toEqual([50, 50]);
  });
});
