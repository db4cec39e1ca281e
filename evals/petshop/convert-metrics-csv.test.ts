import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/domain/index.ts';
import { columnId, convertMetricsCsv, splitCsvLine } from './convert-metrics-csv.ts';
import { SAMPLE_METRICS_CSV } from './petshop-fixtures.ts';

describe('convertMetricsCsv', () => {
  const table = convertMetricsCsv(SAMPLE_METRICS_CSV);

  it('reads row timestamps as unix seconds', () => {
    expect(table.timesSec).toEqual([1681855320, 1681855620, 1681855920]);
  });

  it('keys columns on the (node, metric, statistic) tuple', () => {
    expect([...table.columns.values()].map((c) => c.key)).toEqual([
      { node: 'PetSite', metric: 'latency', statistic: 'Average' },
      { node: 'PetSite', metric: 'availability', statistic: 'Average' },
      { node: 'PetSearch_AWS::ECS::Fargate', metric: 'requests', statistic: 'Sum' },
    ]);
    const latency = table.columns.get(columnId({ node: 'PetSite', metric: 'latency', statistic: 'Average' }));
    expect(latency?.values[0]).toBe(0.25);
  });

  it('turns an empty cell into no sample (NaN), not zero', () => {
    const latency = table.columns.get(columnId({ node: 'PetSite', metric: 'latency', statistic: 'Average' }));
    expect(Number.isNaN(latency?.values[1])).toBe(true);
    const requests = table.columns.get(columnId({ node: 'PetSearch_AWS::ECS::Fargate', metric: 'requests', statistic: 'Sum' }));
    expect(Array.from(requests?.values ?? []).map((v) => (Number.isNaN(v) ? null : v))).toEqual([600, 630, null]);
  });

  it.each([
    ['a wrong first header', SAMPLE_METRICS_CSV.replace('microservice', 'node')],
    ['a non-numeric cell', SAMPLE_METRICS_CSV.replace('99.5', 'n/a')],
    ['a short row', SAMPLE_METRICS_CSV.replace('1681855620.0,,99.5,630.0', '1681855620.0,,99.5')],
    ['a duplicate column tuple', SAMPLE_METRICS_CSV.replace('metric,latency,availability', 'metric,latency,latency').replace('statistic,Average,Average', 'statistic,Average,Average')],
  ])('rejects %s with a BundleError', (_name, text) => {
    expect(() => convertMetricsCsv(text, 'x.csv')).toThrow(BundleError);
  });
});

describe('splitCsvLine', () => {
  it.each([
    ['a,b,,c', ['a', 'b', '', 'c']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
  ])('%s', (line, cells) => {
    expect(splitCsvLine(line)).toEqual(cells);
  });
});
