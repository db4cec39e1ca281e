import { describe, expect, it } from 'vitest';
import { detectAnomaly, deviationsOf } from './detect-anomaly.ts';
import { T0, buildSeries, noise } from './testing/build-bundle.ts';

const STEP = 15_000;
const at = (i: number) => T0 + i * STEP;
const options = { baselineEndMs: at(400), activeAfterMs: at(430), windowEndMs: at(720) };
const series = (name: string, valueAt: (i: number) => number) => buildSeries(name, 'svc', (i) => valueAt(i), { stepMs: STEP, count: 720 });

describe('detectAnomaly', () => {
  it.each([
    ['step in error ratio', 'http_request_error_ratio', (i: number) => (i >= 500 ? 0.2 : 0.002) + 0.001 * noise(i), 500],
    ['step in p99 latency', 'http_request_duration_p99_seconds', (i: number) => (i >= 470 ? 2.5 : 0.25) * (1 + 0.05 * noise(i)), 470],
    ['traffic collapse', 'http_requests_per_second', (i: number) => (i >= 520 ? 20 : 400) * (1 + 0.05 * noise(i)), 520],
    ['drop in availability', 'availability_ratio', (i: number) => (i >= 450 ? 0.7 : 0.999) - 0.0005 * Math.abs(noise(i)), 450],
  ])('finds the onset of a %s to the sample', (_name, metric, valueAt, onsetIndex) => {
    const anomaly = detectAnomaly(series(metric, valueAt), options);
    expect(anomaly).toBeDefined();
    expect(Math.abs(anomaly!.onsetMs - at(onsetIndex))).toBeLessThanOrEqual(STEP);
  });

  it('finds a bill that stepped up hours before the page and stayed up, but not an old step in memory', () => {
    const minute = 60_000;
    const long = { baselineEndMs: T0 + 480 * minute, activeAfterMs: T0 + 500 * minute, windowEndMs: T0 + 600 * minute };
    const stepUp = (i: number) => (i >= 200 && i < 560 ? 3 : 1) * (1 + 0.03 * noise(i));
    const bill = detectAnomaly(buildSeries('cloud_cost_usd_per_hour', 'svc', (i) => 7 * stepUp(i), { stepMs: minute, count: 600 }), long);
    expect(Math.abs(bill!.onsetMs - (T0 + 200 * minute))).toBeLessThanOrEqual(5 * minute);
    expect(detectAnomaly(buildSeries('process_memory_bytes', 'svc', (i) => 5e8 * stepUp(i), { stepMs: minute, count: 600 }), long)).toBeUndefined();
  });

  it('dates a step from the run, not from an older level shift in the quiet past', () => {
    const p99 = series('http_request_duration_p99_seconds', (i) => (i >= 500 ? 0.7 : i >= 150 ? 0.36 : 0.08) * (1 + 0.05 * noise(i)));
    const anomaly = detectAnomaly(p99, options)!;
    expect(anomaly.gradual).toBe(false);
    expect(Math.abs(anomaly.onsetMs - at(500))).toBeLessThanOrEqual(STEP);
  });

  it('dates a slow leak from where the growth began, not where it crossed a threshold', () => {
    const leak = series('process_memory_bytes', (i) => 5e8 + (i >= 150 ? (i - 150) * 2e6 : 0) + 5e6 * noise(i));
    const anomaly = detectAnomaly(leak, options)!;
    expect(anomaly.gradual).toBe(true);
    expect(Math.abs(anomaly.onsetMs - at(150))).toBeLessThanOrEqual(10 * STEP);
  });

  it.each([
    ['noise', (i: number) => 100 * (1 + 0.05 * noise(i))],
    ['slow diurnal drift', (i: number) => 100 + 15 * Math.sin(i / 200) + 2 * noise(i)],
    ['one-sample spike', (i: number) => (i === 600 ? 5000 : 100) + 2 * noise(i)],
  ])('stays quiet on %s', (_name, valueAt) => {
    expect(detectAnomaly(series('http_requests_per_second', valueAt), options)).toBeUndefined();
  });

  it('ignores an episode that was over long before the first page', () => {
    const earlier = series('http_request_error_ratio', (i) => (i >= 300 && i < 340 ? 0.3 : 0.002) + 0.001 * noise(i));
    expect(detectAnomaly(earlier, options)).toBeUndefined();
  });

  it('reports when the series recovered', () => {
    const episode = series('http_request_error_ratio', (i) => (i >= 500 && i < 600 ? 0.3 : 0.002) + 0.001 * noise(i));
    const anomaly = detectAnomaly(episode, options)!;
    expect(anomaly.recoveredMs).toBe(at(600));
    expect(anomaly.zScore).toBeGreaterThan(50);
  });

  it('tolerates gaps in the series', () => {
    const s = series('http_request_error_ratio', (i) => (i >= 500 ? 0.2 : 0.002) + 0.001 * noise(i));
    const keep = [...s.timesMs.keys()].filter((i) => i % 7 !== 3 && (i < 200 || i > 260));
    const gappy = { ...s, timesMs: Float64Array.from(keep, (i) => s.timesMs[i]!), values: Float64Array.from(keep, (i) => s.values[i]!) };
    const anomaly = detectAnomaly(gappy, options)!;
    expect(Math.abs(anomaly.onsetMs - at(500))).toBeLessThanOrEqual(2 * STEP);
  });
});

describe('relChangeScale', () => {
  it('lets a smaller relative move count: a steady service 20 % slower is a faint suspect, not a finding', () => {
    const slower = series('http_request_duration_seconds', (i) => (i >= 470 ? 0.24 : 0.2) * (1 + 0.005 * noise(i)));
    expect(detectAnomaly(slower, options)).toBeUndefined();
    expect(detectAnomaly(slower, { ...options, zThreshold: 3.5, relChangeScale: 0.5 })?.onsetMs).toBeGreaterThanOrEqual(at(469));
  });
});

describe('deviationsOf', () => {
  it('measures a short export with no quiet past against its first sample, σ floored at 10 % of it', () => {
    const short = buildSeries('http_request_error_ratio', 'site', (i) => [0.02, 0.021, 0.03, 0.032, 0.022][i]!, { stepMs: 300_000, count: 5 });
    const [up] = deviationsOf(short, { baselineEndMs: T0, activeAfterMs: T0, windowEndMs: T0 + 1_500_000 });
    expect(up).toMatchObject({ baseline: 0.02, direction: 'up' });
    expect(up!.baselineSigma).toBeCloseTo(0.005);
    expect(deviationsOf(buildSeries('http_request_error_ratio', 'site', () => 0.02, { stepMs: 300_000, count: 2 }), { baselineEndMs: T0, activeAfterMs: T0, windowEndMs: T0 + 600_000 })).toEqual([]);
  });
});
