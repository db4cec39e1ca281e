import type { MetricSeries } from '../domain/index.ts';
import { counterToRate } from './counter-to-rate.ts';
import { detectAnomaly, type SeriesAnomaly } from './detect-anomaly.ts';
import type { IncidentFrame } from './incident-frame.ts';

/** Runs anomaly detection over every series; returns the anomalous ones, earliest onset first. */
export function detectAnomalies(metrics: readonly MetricSeries[], frame: IncidentFrame): SeriesAnomaly[] {
  const options = { baselineEndMs: frame.baselineEndMs, activeAfterMs: frame.firstPageMs - Math.max(10 * 60_000, 2 * frame.stepMs), windowEndMs: frame.windowEndMs };
  const found: SeriesAnomaly[] = [];
  for (const series of metrics) {
    const anomaly = detectAnomaly(counterToRate(series), options);
    if (anomaly) found.push(anomaly);
  }
  return found.sort((a, b) => a.onsetMs - b.onsetMs);
}
