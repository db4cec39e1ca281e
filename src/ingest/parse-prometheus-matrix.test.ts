import { describe, expect, it } from 'vitest';
import { BundleError } from '../domain/index.ts';
import { inferMetricService } from './infer-metric-service.ts';
import { parsePrometheusMatrix } from './parse-prometheus-matrix.ts';

const FILE = 'metrics/payments.json';
const matrix = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
const T = 1772636400;

function bundleErrorOf(text: string): BundleError {
  try {
    parsePrometheusMatrix(text, FILE);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('expected a BundleError');
}

describe('parsePrometheusMatrix', () => {
  it('parses series into Float64Arrays of ms and values', () => {
    const { series, problems } = parsePrometheusMatrix(matrix([{ metric: { __name__: 'queue_depth', service: 'orders' }, values: [[T, '1'], [T + 60, '2.5'], [T + 120.5, '-3e2']] }]), FILE);
    expect(problems).toEqual([]);
    expect(series).toHaveLength(1);
    const [s] = series;
    expect(s!.timesMs).toBeInstanceOf(Float64Array);
    expect([...s!.timesMs]).toEqual([T * 1000, (T + 60) * 1000, (T + 120.5) * 1000]);
    expect([...s!.values]).toEqual([1, 2.5, -300]);
    expect(s).toMatchObject({ name: 'queue_depth', service: 'orders', labels: { __name__: 'queue_depth', service: 'orders' }, droppedSamples: 0, ref: `${FILE}#0` });
  });

  it('drops NaN, ±Inf and unparsable values, counts them, and keeps gaps as missing timestamps', () => {
    const values = [[T, '1'], [T + 60, 'NaN'], [T + 120, '+Inf'], [T + 180, '-Inf'], [T + 240, 'abc'], [T + 300, ''], [T + 360, null], [T + 900, '2']];
    const { series, problems } = parsePrometheusMatrix(matrix([{ metric: { __name__: 'x' }, values }]), FILE);
    expect([...series[0]!.timesMs]).toEqual([T * 1000, (T + 900) * 1000]);
    expect([...series[0]!.values]).toEqual([1, 2]);
    expect(series[0]!.droppedSamples).toBe(6);
    expect(problems).toEqual([{ file: FILE, field: 'data.result', message: '6 NaN/Inf/unparsable sample(s) dropped in 1 series' }]);
  });

  it('skips structurally wrong samples with one problem per series', () => {
    const values = [[T, '1'], [String(T + 60), '2'], [T + 120], 'x', [T + 180, '3', 'extra'], [T + 240, '4']];
    const { series, problems } = parsePrometheusMatrix(matrix([{ metric: { __name__: 'a' }, values }, { metric: { __name__: 'b' }, values: [[T, '1']] }]), FILE);
    expect([...series[0]!.values]).toEqual([1, 4]);
    expect(series[0]!.droppedSamples).toBe(0);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('data.result[0].values[1]');
    expect(problems[0]!.message).toMatch(/^4 sample\(s\) not \[<unix seconds>, "<value>"\] and skipped, first: \["1772636460","2"\]/);
  });

  it('sorts unsorted samples and keeps the last of duplicate timestamps', () => {
    const values = [[T + 120, '3'], [T, '1'], [T + 60, '2'], [T, '1b'.replace('b', '.5')], [T + 120, '4']];
    const { series } = parsePrometheusMatrix(matrix([{ metric: {}, values }]), FILE);
    expect([...series[0]!.timesMs]).toEqual([T * 1000, (T + 60) * 1000, (T + 120) * 1000]);
    expect([...series[0]!.values]).toEqual([1.5, 2, 4]);
  });

  it('drops duplicates in sorted input too', () => {
    const { series } = parsePrometheusMatrix(matrix([{ metric: {}, values: [[T, '1'], [T, '2'], [T + 60, '3']] }]), FILE);
    expect([...series[0]!.values]).toEqual([2, 3]);
  });

  it('names a series without __name__ after the file, and handles empty results and series', () => {
    const { series } = parsePrometheusMatrix(matrix([{ metric: { job: 'api' }, values: [] }]), FILE);
    expect(series[0]).toMatchObject({ name: 'payments', service: 'api', droppedSamples: 0 });
    expect(series[0]!.timesMs.length).toBe(0);
    expect(parsePrometheusMatrix(matrix([]), FILE)).toEqual({ series: [], problems: [] });
  });

  it.each([
    [matrix([{ metric: { __name__: 'x' }, values: 'nope' }]), 'data.result[0].values', 'an array of [<unix seconds>, "<value>"] samples'],
    [matrix([{ metric: { __name__: 3 }, values: [] }]), 'data.result[0].metric.__name__', 'a string'],
    [matrix([{ values: [] }]), 'data.result[0].metric', 'an object'],
    [JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }), 'data.resultType', '"matrix"'],
    [JSON.stringify({ status: 'success' }), 'data', 'an object'],
    [JSON.stringify({ status: 'weird', data: {} }), 'status', '"success"'],
  ])('throws a BundleError naming the file and JSON path (%#)', (text, field, expected) => {
    const error = bundleErrorOf(text);
    expect(error.file).toBe(FILE);
    expect(error.field).toBe(field);
    expect(error.expected).toBe(expected);
    expect(error.message.startsWith(`${FILE}: ${field} must be ${expected}, got `)).toBe(true);
  });

  it('throws with Prometheus’ own error text for status "error"', () => {
    const error = bundleErrorOf(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error' }));
    expect(error.message).toBe(`${FILE}: status must be "success" (Prometheus said: bad_data: invalid parameter "query": 1:5: parse error), got "error"`);
  });

  it('throws for a file that is not JSON', () => {
    const error = bundleErrorOf('{"status": "success", "data": {"resultType": "matrix", "result": [}');
    expect(error.file).toBe(FILE);
    expect(error.expected).toBe('valid JSON');
  });

  it('lets a series sampled at a run of the previous series\' times share its times array, and only then', () => {
    const { series } = parsePrometheusMatrix(
      matrix([
        { metric: { __name__: 'a' }, values: [[T, '1'], [T + 15, '2'], [T + 30, '3']] },
        { metric: { __name__: 'b' }, values: [[T + 15, '4'], [T + 30, '5']] },
        { metric: { __name__: 'c' }, values: [[T, '6'], [T + 30, '7']] },
        { metric: { __name__: 'd' }, values: [[T, '8'], [T + 30, '9'], [T + 45, '10']] },
        { metric: { __name__: 'e' }, values: [] },
      ]),
      FILE,
    );
    const [a, b, c, d, e] = series;
    expect(b!.timesMs.buffer).toBe(a!.timesMs.buffer);
    expect([...b!.timesMs]).toEqual([(T + 15) * 1000, (T + 30) * 1000]);
    expect([...b!.values]).toEqual([4, 5]);
    expect(c!.timesMs.buffer).not.toBe(a!.timesMs.buffer); // a gap: not a run
    expect([...c!.timesMs]).toEqual([T * 1000, (T + 30) * 1000]);
    expect(d!.timesMs.buffer).not.toBe(c!.timesMs.buffer); // longer than the one before
    expect([...d!.timesMs]).toEqual([T * 1000, (T + 30) * 1000, (T + 45) * 1000]);
    expect([...e!.timesMs]).toEqual([]);
  });

  it('reads the bytes of a file with non-ASCII labels, and places an error after them by character', () => {
    const series = { metric: { __name__: 'latency', service: 'zahlungsdienst-ü', region: '東京' }, values: [[T, '1.5']] };
    const text = matrix([series]);
    const parsed = parsePrometheusMatrix(Buffer.from(text, 'utf8'), FILE);
    expect(parsed.series[0]!.labels).toEqual(series.metric);
    expect([...parsed.series[0]!.values]).toEqual([1.5]);

    const broken = `${text.slice(0, -3)}\n  ,]}}`;
    const error = bundleErrorOf(broken);
    const line2 = broken.split('\n')[1]!;
    expect(error.field).toBe(`line 2 column ${line2.indexOf(',') + 2}`);
    expect(String(error.got).startsWith(']}}')).toBe(true);
    expect(() => parsePrometheusMatrix(Buffer.from(broken, 'utf8'), FILE)).toThrow(error.message);
  });
});

describe('inferMetricService', () => {
  it.each([
    [{ service: 'a', job: 'b' }, 'a'],
    [{ service_name: 'b', app: 'c' }, 'b'],
    [{ app: 'c', job: 'd' }, 'c'],
    [{ job: 'd', instance: 'x:1' }, 'd'],
    [{ instance: 'payments-7d9f:8080' }, 'payments-7d9f'],
    [{ instance: '10.0.0.7:9100' }, '10.0.0.7'],
    [{ instance: 'db-1' }, 'db-1'],
    [{ instance: '[::1]:9090' }, '::1'],
    [{}, 'unknown'],
  ])('%j → %s', (labels, service) => {
    expect(inferMetricService(labels)).toBe(service);
  });
});
