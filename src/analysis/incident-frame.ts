import type { IncidentBundle } from '../domain/index.ts';
import type { Alert } from './dedupe-alerts.ts';
import { HOUR_MS, MINUTE_MS } from './time.ts';

/** The time frame the analysis works in, all in unix ms. */
export interface IncidentFrame {
  openedMs: number;
  resolvedMs?: number;
  /** First and last sample/event time seen in any source. */
  dataStartMs: number;
  dataEndMs: number;
  /** The first page: the earliest alert of the two hours before the declaration, else the declaration. */
  firstPageMs: number;
  /** Before this, series are assumed quiet (their baseline). */
  baselineEndMs: number;
  /** Anomalies and events count as part of the incident inside [windowStartMs, windowEndMs]. */
  windowStartMs: number;
  windowEndMs: number;
  /** Typical metric sample step (median over series); 60 s when there are no metrics. */
  stepMs: number;
}

/** An alert that resolved this long before the declaration is not what the incident was declared for. */
const CLEARED_BEFORE_MS = 15 * MINUTE_MS;

/**
 * Derives the frame from incident.json and the data. The baseline ends well before the first page
 * (alert or declaration) because symptoms usually start before anyone notices them.
 */
export function buildIncidentFrame(bundle: IncidentBundle, alerts: readonly Alert[]): IncidentFrame {
  const openedMs = Date.parse(bundle.incident.openedAt);
  const resolvedMs = bundle.incident.resolvedAt ? Date.parse(bundle.incident.resolvedAt) : undefined;
  let dataStartMs = openedMs;
  let dataEndMs = resolvedMs ?? openedMs;
  const steps: number[] = [];
  for (const s of bundle.metrics) {
    const n = s.timesMs.length;
    if (n === 0) continue;
    dataStartMs = Math.min(dataStartMs, s.timesMs[0]!);
    dataEndMs = Math.max(dataEndMs, s.timesMs[n - 1]!);
    if (n > 1 && steps.length < 200) steps.push((s.timesMs[n - 1]! - s.timesMs[0]!) / (n - 1));
  }
  for (const list of [bundle.chat, bundle.logs, bundle.changes]) {
    if (list.length === 0) continue;
    dataStartMs = Math.min(dataStartMs, list[0]!.timeMs);
    dataEndMs = Math.max(dataEndMs, list[list.length - 1]!.timeMs);
  }
  steps.sort((a, b) => a - b);
  const stepMs = steps.length ? steps[steps.length >> 1]! : MINUTE_MS;

  // The first page: the earliest alert that fired in the two hours before the declaration and had not
  // long cleared by then (a blip that resolved an hour before anyone declared did not page for this).
  const firstPageMs = alerts
    .filter((a) => a.firingAtMs >= openedMs - 2 * HOUR_MS && a.firingAtMs <= openedMs && (a.resolvedAtMs ?? Infinity) >= openedMs - CLEARED_BEFORE_MS)
    .reduce((min, a) => Math.min(min, a.firingAtMs), openedMs);
  const baselineEndMs = firstPageMs - Math.max(30 * MINUTE_MS, 6 * stepMs);
  const windowStartMs = firstPageMs - Math.max(HOUR_MS, 12 * stepMs);
  const windowEndMs = resolvedMs ?? dataEndMs;
  return { openedMs, resolvedMs, dataStartMs, dataEndMs, firstPageMs, baselineEndMs, windowStartMs, windowEndMs: Math.max(windowEndMs, openedMs), stepMs };
}
