import { describe, expect, it } from 'vitest';
import { convertMetricsCsv } from './convert-metrics-csv.ts';
import { convertPrometheus, formatSample } from './convert-prometheus.ts';
import { SAMPLE_METRICS_CSV } from './petshop-fixtures.ts';

describe('convertPrometheus', () => {
  const responses = convertPrometheus(convertMetricsCsv(SAMPLE_METRICS_CSV));

  it('writes one matrix response per metric name', () => {
    expect([...responses.keys()]).toEqual(['http_request_duration_avg_seconds', 'http_request_error_ratio', 'http_requests_per_second']);
    for (const r of responses.values()) expect(r).toMatchObject({ status: 'success', data: { resultType: 'matrix' } });
  });

  it('labels series with the node name exactly and leaves empty cells out as gaps', () => {
    const [series] = responses.get('http_request_duration_avg_seconds')?.data.result ?? [];
    expect(series?.metric).toEqual({ __name__: 'http_request_duration_avg_seconds', service: 'PetSite', stat: 'avg', petshop_metric: 'latency', petshop_statistic: 'Average' });
    expect(series?.values).toEqual([[1681855320, '0.25'], [1681855920, '0.5']]);
  });

  it('converts availability percent to an error ratio and request sums to a per-second rate', () => {
    expect(responses.get('http_request_error_ratio')?.data.result[0]?.values).toEqual([[1681855320, '0'], [1681855620, '0.005'], [1681855920, '0.03']]);
    expect(responses.get('http_requests_per_second')?.data.result[0]?.values).toEqual([[1681855320, '2'], [1681855620, '2.1']]);
  });

  it('omits a column that has no sample at all', () => {
    const text = SAMPLE_METRICS_CSV.replace('1681855320.0,0.25', '1681855320.0,').replace('1681855920.0,0.5', '1681855920.0,');
    expect(convertPrometheus(convertMetricsCsv(text)).has('http_request_duration_avg_seconds')).toBe(false);
  });

  it.each([[1 - 0.9999, '0.0001'], [0.0610828637959999, '0.061082863796'], [Number.POSITIVE_INFINITY, '+Inf']])('formatSample(%d) = %s', (v, s) => {
    expect(formatSample(v)).toBe(s);
  });
});
