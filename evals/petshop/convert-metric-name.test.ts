import { describe, expect, it } from 'vitest';
import { convertMetricName } from './convert-metric-name.ts';

describe('convertMetricName', () => {
  it.each([
    ['availability', 'Average', 100, 'http_request_error_ratio', 0],
    ['availability', 'Average', 99.5, 'http_request_error_ratio', 0.005],
    ['availability', 'Average', 40, 'http_request_error_ratio', 0.6],
    ['availability', 'Average', 0, 'http_request_error_ratio', 1],
    ['requests', 'Sum', 600, 'http_requests_per_second', 2],
    ['latency', 'Average', 0.25, 'http_request_duration_avg_seconds', 0.25],
    ['latency', 'p99', 1.5, 'http_request_duration_p99_seconds', 1.5],
    ['latency', 'p50', 0.05, 'http_request_duration_seconds', 0.05],
  ])('%s %s = %d → %s %d', (metric, statistic, value, name, converted) => {
    const mapping = convertMetricName(metric, statistic);
    expect(mapping?.name).toBe(name);
    expect(mapping?.convert(value)).toBeCloseTo(converted, 12);
  });

  it('keeps the statistic and the original column names in labels', () => {
    expect(convertMetricName('latency', 'p90')?.labels).toEqual({ stat: 'p90', petshop_metric: 'latency', petshop_statistic: 'p90' });
    expect(convertMetricName('availability', 'Average')?.labels.stat).toBe('avg');
  });

  it.each([['requests', 'Average'], ['availability', 'p99'], ['cpu', 'Average']])('has no mapping for %s %s', (metric, statistic) => {
    expect(convertMetricName(metric, statistic)).toBeUndefined();
  });
});
