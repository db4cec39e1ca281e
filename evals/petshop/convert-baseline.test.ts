import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertBaseline } from './convert-baseline.ts';
import { columnId, convertMetricsCsv, type MetricsTable } from './convert-metrics-csv.ts';
import { hasPetshopDataset, petshopDatasetDir, SAMPLE_METRICS_CSV } from './petshop-fixtures.ts';

const BASELINE_CSV = [
  'microservice,PetSite,payforadoption_AWS::ECS::Container',
  'metric,latency,latency',
  'statistic,Average,Average',
  'unix_timestamp,,',
  '1692608400.0,0.1,0.02',
  '1692608700.0,0.11,0.03',
  '1692609000.0,0.12,',
  '1692609300.0,0.09,0.02',
].join('\n');

function steps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? Number.NaN));
}

describe('convertBaseline', () => {
  const baseline = convertMetricsCsv(BASELINE_CSV);
  const issue = convertMetricsCsv(SAMPLE_METRICS_CSV);
  const joined = convertBaseline(baseline, issue, 300);

  it('shifts the baseline to end one step before the issue window and keeps the grid contiguous', () => {
    expect(joined.table.timesSec).toHaveLength(7);
    expect(joined.table.timesSec[3]).toBe(1681855320 - 300);
    expect(joined.table.timesSec.slice(4)).toEqual(issue.timesSec);
    expect(new Set(steps(joined.table.timesSec))).toEqual(new Set([300]));
    expect(joined.shiftSeconds).toBe(1681855020 - 1692609300);
    expect(joined.baselineRows).toBe(4);
  });

  it('aligns columns on the tuple: shared columns get both parts, others have gaps', () => {
    const col = (t: MetricsTable, node: string, metric: string, statistic: string) =>
      Array.from(t.columns.get(columnId({ node, metric, statistic }))?.values ?? []).map((v) => (Number.isNaN(v) ? null : v));
    expect(col(joined.table, 'PetSite', 'latency', 'Average')).toEqual([0.1, 0.11, 0.12, 0.09, 0.25, null, 0.5]);
    expect(col(joined.table, 'payforadoption_AWS::ECS::Container', 'latency', 'Average')).toEqual([0.02, 0.03, null, 0.02, null, null, null]);
    expect(col(joined.table, 'PetSite', 'availability', 'Average')).toEqual([null, null, null, null, 100, 99.5, 97]);
    expect(joined.table.columns.size).toBe(4);
  });

  it.skipIf(!hasPetshopDataset)('makes one contiguous 5-minute grid for a real low_traffic issue', () => {
    const read = (rel: string) => convertMetricsCsv(readFileSync(join(petshopDatasetDir, 'dataset', rel), 'utf8'));
    const real = convertBaseline(read('low_traffic/noissue/metrics.csv'), read('low_traffic/train/issue_0/metrics.csv'), 300);
    expect(real.baselineRows).toBe(589);
    expect(real.table.timesSec).toHaveLength(594);
    expect(new Set(steps(real.table.timesSec))).toEqual(new Set([300]));
  });
});
