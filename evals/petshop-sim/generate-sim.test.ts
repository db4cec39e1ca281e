import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertGraphCsv } from '../petshop/convert-graph-csv.ts';
import { convertIssue } from '../petshop/convert-issue.ts';
import { convertMetricsCsv } from '../petshop/convert-metrics-csv.ts';
import { hasPetshopDataset, petshopDatasetDir } from '../petshop/petshop-fixtures.ts';
import { isProxyNode } from '../../src/analysis/proxy-aliases.ts';
import { reachableFrom, sliceTable } from './inject-fault.ts';
import { eligibleRoots, generateSim, simSourceFiles, type ReadText } from './generate-sim.ts';

// A fake dataset: only graph.csv and noissue/metrics.csv per scenario (330 rows at 300 s).
const NODES = ['PetSite', 'SvcA', 'SvcB', 'Db', 'SvcA_client', 'X_remote', 'Orphan'];
const EDGES: Record<string, string[]> = { PetSite: ['SvcA', 'SvcB', 'X_remote'], SvcA: ['Db'], SvcB: ['Db'], SvcA_client: ['SvcA'] };

function graphCsv(): string {
  const lines = [`,${NODES.join(',')}`];
  for (const from of NODES) lines.push(`${from},${NODES.map((to) => (EDGES[from]?.includes(to) ? '1' : '0')).join(',')}`);
  return `${lines.join('\n')}\n`;
}

function metricsCsv(rows: number): string {
  const cols: [string, string, string][] = [];
  for (const node of NODES) {
    for (const stat of ['Average', 'p50', 'p90', 'p99']) cols.push([node, 'latency', stat]);
    cols.push([node, 'requests', 'Sum'], [node, 'availability', 'Average']);
  }
  const lines = [
    `microservice,${cols.map((c) => c[0]).join(',')}`,
    `metric,${cols.map((c) => c[1]).join(',')}`,
    `statistic,${cols.map((c) => c[2]).join(',')}`,
    `unix_timestamp,${cols.map(() => '').join(',')}`,
  ];
  for (let r = 0; r < rows; r++) {
    const cells = cols.map(([node, metric, stat]) => {
      if (node === 'SvcB' && metric === 'latency' && r % 7 === 0) return ''; // gaps
      if (metric === 'requests') return '100';
      if (metric === 'availability') return '100.0';
      return String((stat === 'Average' ? 0.1 : stat === 'p99' ? 0.5 : 0.2) * (1 + 0.01 * (r % 5)));
    });
    lines.push(`${1692000000 + 300 * r}.0,${cells.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

const fakeDir = mkdtempSync(join(tmpdir(), 'petshop-sim-'));
for (const scenario of ['low_traffic', 'high_traffic'] as const) {
  mkdirSync(join(fakeDir, 'dataset', scenario, 'noissue'), { recursive: true });
  writeFileSync(join(fakeDir, 'dataset', scenario, 'graph.csv'), graphCsv());
  writeFileSync(join(fakeDir, 'dataset', scenario, 'noissue', 'metrics.csv'), metricsCsv(330));
}
afterAll(() => rmSync(fakeDir, { recursive: true, force: true }));

function recordingReader(): { read: ReadText; paths: string[] } {
  const paths: string[] = [];
  return { paths, read: async (p) => { paths.push(p); return readFile(p, 'utf8'); } };
}

describe('generateSim (fake dataset)', () => {
  it('opens only noissue/metrics.csv and graph.csv of low_traffic and high_traffic', async () => {
    const { read, paths } = recordingReader();
    await generateSim(fakeDir, 6, 1, read);
    const rel = paths.map((p) => relative(fakeDir, p).split(sep).join('/')).sort();
    expect(rel).toEqual([
      'dataset/high_traffic/graph.csv', 'dataset/high_traffic/noissue/metrics.csv',
      'dataset/low_traffic/graph.csv', 'dataset/low_traffic/noissue/metrics.csv',
    ]);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await generateSim(fakeDir, 8, 7);
    const b = await generateSim(fakeDir, 8, 7);
    const c = await generateSim(fakeDir, 8, 8);
    expect(a.map((i) => [i.id, [...i.files]])).toEqual(b.map((i) => [i.id, [...i.files]]));
    expect(a.map((i) => i.files.get('truth.json'))).not.toEqual(c.map((i) => i.files.get('truth.json')));
  });

  it('picks roots that are never a proxy, PetSite or unreachable, alternating scenario and metric', async () => {
    const issues = await generateSim(fakeDir, 24, 3);
    for (const [i, issue] of issues.entries()) {
      const { root, scenario, metric, b, w0, onset, symptom } = issue.params;
      expect(isProxyNode(root)).toBe(false);
      expect(['SvcA', 'SvcB', 'Db']).toContain(root);
      expect(scenario).toBe(i % 2 === 0 ? 'low_traffic' : 'high_traffic');
      expect(metric).toBe(Math.floor(i / 2) % 2 === 0 ? 'latency' : 'availability');
      expect(issue.id).toBe(`petshop-sim-${scenario}-${metric}-${i}`);
      expect(b).toBeGreaterThanOrEqual(200);
      expect(b).toBeLessThanOrEqual(300);
      expect(w0).toBeGreaterThanOrEqual(b + 12);
      expect(w0).toBeLessThanOrEqual(330 - 5);
      expect(onset).toBeGreaterThanOrEqual(0.1);
      expect(symptom).toBeGreaterThanOrEqual(metric === 'latency' ? 0.05 : 0.01);
      const truth = JSON.parse(issue.files.get('truth.json')!);
      expect(truth.rootCause).toEqual({ service: root, kind: 'unknown' });
      const rowStart = 1692000000 + 300 * (w0 + 1);
      expect(issue.target.timestamp).toBe(rowStart + Math.round((1 - onset) * 300));
    }
    expect(new Set(issues.map((i) => i.params.root)).size).toBeGreaterThan(1);
  });

  it('writes the same files, in the same shape, as the real converter', async () => {
    const [issue] = await generateSim(fakeDir, 1, 5);
    const files = simSourceFiles(fakeDir, 'low_traffic');
    const table = convertMetricsCsv(await readFile(files.metrics, 'utf8'));
    const topology = convertGraphCsv(await readFile(files.graph, 'utf8'));
    const real = convertIssue({
      scenario: 'low_traffic', split: 'test', index: 0, topology,
      target: { target: issue!.target, root_cause: { node: issue!.params.root } },
      metrics: sliceTable(table, issue!.params.w0, issue!.params.w0 + 5),
      baseline: sliceTable(table, 0, 250),
    });
    expect([...issue!.files.keys()].sort()).toEqual([...real.files.keys()].sort());
    expect(Object.keys(JSON.parse(issue!.files.get('incident.json')!))).toEqual(Object.keys(JSON.parse(real.files.get('incident.json')!)));
    expect(issue!.files.get('topology.json')).toBe(real.files.get('topology.json'));
    expect(issue!.files.get('alerts/petsite.jsonl')).toBe(real.files.get('alerts/petsite.jsonl'));
    const incident = JSON.parse(issue!.files.get('incident.json')!);
    expect(incident).toMatchObject({ title: 'PetSite latency degraded', severity: 'sev2', services: ['PetSite'] });
    // the joined metrics hold b baseline rows + 5 window rows on one contiguous 300 s grid
    const avg = JSON.parse(issue!.files.get('metrics/http_request_duration_avg_seconds.json')!);
    const petsite = avg.data.result.find((s: { metric: { service: string } }) => s.metric.service === 'PetSite');
    const ts = petsite.values.map((v: [number, string]) => v[0]);
    expect(ts).toHaveLength(issue!.params.b + 5);
    expect(ts.every((t: number, i: number) => i === 0 || t - ts[i - 1] === 300)).toBe(true);
  });

  it('with windowOnly writes the same issue with only the 5 window rows', async () => {
    const [full] = await generateSim(fakeDir, 1, 5);
    const [short] = await generateSim(fakeDir, 1, 5, undefined, { windowOnly: true });
    expect(short!.params).toEqual(full!.params);
    const petsiteTimes = (issue: typeof full) => JSON.parse(issue!.files.get('metrics/http_request_duration_avg_seconds.json')!)
      .data.result.find((s: { metric: { service: string } }) => s.metric.service === 'PetSite').values.map((v: [number, string]) => v[0]);
    expect(petsiteTimes(short)).toEqual(petsiteTimes(full).slice(-5));
  });

  it('eligibleRoots needs ≥ 3 latency samples in the window', () => {
    const topology = convertGraphCsv(graphCsv());
    const table = convertMetricsCsv(metricsCsv(7));
    // SvcB latency is empty in rows 0 and 7 (every 7th row)
    expect(eligibleRoots(sliceTable(table, 0, 5), topology)).toEqual(['SvcA', 'SvcB', 'Db']); // 4 samples
    expect(eligibleRoots(sliceTable(table, 0, 3), topology)).toEqual(['SvcA', 'Db']); // 2 samples
    expect(reachableFrom(topology, 'PetSite').has('Orphan')).toBe(false);
  });
});

describe.skipIf(!hasPetshopDataset)('generateSim (real fault-free recordings)', () => {
  it('builds issues from noissue + graph only, with a visible symptom at PetSite', async () => {
    const { read, paths } = recordingReader();
    const issues = await generateSim(petshopDatasetDir, 8, 7, read);
    expect(paths.every((p) => /[/\\](graph\.csv|noissue[/\\]metrics\.csv)$/.test(p))).toBe(true);
    expect(paths.some((p) => /[/\\](train|test)[/\\]/.test(p))).toBe(false);
    for (const issue of issues) {
      expect(isProxyNode(issue.params.root)).toBe(false);
      expect(issue.params.root).not.toBe('PetSite');
      expect(issue.params.symptom).toBeGreaterThanOrEqual(issue.params.metric === 'latency' ? 0.05 : 0.01);
    }
  });
});
