import type { MetricSeries } from '../domain/index.ts';
import type { Deviation } from './co-movement.ts';
import { detectAnomaly, deviationsOf, type DetectOptions, type SeriesAnomaly } from './detect-anomaly.ts';
import { isFailureFamily, profileMetric, upstreamOf } from './metric-family.ts';
import type { IncidentFrame } from './incident-frame.ts';

/** Runs anomaly detection over every series (as `normalizeMetrics` returns them); returns the anomalous ones, earliest onset first. */
export function detectAnomalies(metrics: readonly MetricSeries[], frame: IncidentFrame): SeriesAnomaly[] {
  const options = detectOptions(frame);
  const found: SeriesAnomaly[] = [];
  for (const series of metrics) {
    const anomaly = detectAnomaly(series, options);
    if (anomaly) found.push(anomaly);
  }
  return found.sort((a, b) => a.onsetMs - b.onsetMs);
}

/**
 * The failure-family series (errors, latency, saturation) of `services` measured against their quiet
 * baseline, anomalous or not: the shape of a symptom that paged but stayed under the detection bar.
 */
export function failureDeviations(metrics: readonly MetricSeries[], frame: IncidentFrame, services: ReadonlySet<string>): Deviation[] {
  const options = detectOptions(frame);
  return metrics
    .filter((s) => services.has(s.service) && !upstreamOf(s.name, s.labels) && isFailureFamily(profileMetric(s.name, s.labels).family))
    .flatMap((s) => deviationsOf(s, options));
}

function detectOptions(frame: IncidentFrame): DetectOptions {
  return { baselineEndMs: frame.baselineEndMs, activeAfterMs: frame.firstPageMs - Math.max(10 * 60_000, 2 * frame.stepMs), windowEndMs: frame.windowEndMs };
}

/** Robust sigmas for a faint anomaly: below the bar for a finding of its own, enough to be a suspect. */
const FAINT_Z = 3.5;
/** A faint anomaly may also be a smaller move than a finding needs (a quarter slower, not a third). */
const FAINT_REL_CHANGE_SCALE = 0.5;

/**
 * Failure-family anomalies of `services` found with a lower bar: for the dependencies of a paged
 * service that crossed no bar themselves, a faint episode may still be the cause (a rarely called
 * function with noisy percentiles, a steady service that got a fifth slower). Callers treat them as
 * weak witnesses.
 */
export function detectFaintAnomalies(metrics: readonly MetricSeries[], frame: IncidentFrame, services: ReadonlySet<string>): SeriesAnomaly[] {
  const options = { ...detectOptions(frame), zThreshold: FAINT_Z, relChangeScale: FAINT_REL_CHANGE_SCALE };
  const found: SeriesAnomaly[] = [];
  for (const series of metrics) {
    if (!services.has(series.service) || upstreamOf(series.name, series.labels) || !isFailureFamily(profileMetric(series.name, series.labels).family)) continue;
    const anomaly = detectAnomaly(series, options);
    if (anomaly) found.push({ ...anomaly, faint: true });
  }
  return found;
}
