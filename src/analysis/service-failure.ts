import { coMovement, stepOf } from './co-movement.ts';
import type { SeriesAnomaly } from './detect-anomaly.ts';
import { isFailureFamily } from './metric-family.ts';
import { isProxyNode } from './proxy-aliases.ts';
import { MINUTE_MS } from './time.ts';
import type { ServiceEvidence } from './service-evidence.ts';

/** When a service began failing, how strongly (largest z-score, discounted for weak witnesses), and its strongest anomaly. */
export interface Failure { onsetMs: number; strength: number; strongest: SeriesAnomaly }

/**
 * The earliest onset of trouble at a service: its own anomalies, or its callers' client-side view of
 * it (TLS, DNS and network faults never reach the server's own metrics).
 */
export function credibleOnsetMs(e: ServiceEvidence): number | undefined {
  return mainOnsetMs(troubleOf(e));
}

/** When a service began failing and how strongly, from own or client-side views; undefined if it did not. */
export function failureOf(e: ServiceEvidence): Failure | undefined {
  const all = troubleOf(e).filter((a) => isFailureFamily(a.profile.family));
  if (all.length === 0) return undefined;
  const strongest = all.reduce((best, a) => (a.zScore > best.zScore ? a : best));
  return { onsetMs: mainOnsetMs(all)!, strength: e.weakWitness ? strongest.zScore / 4 : strongest.zScore, strongest };
}

/**
 * When the service's trouble began: the earliest onset among its substantial anomalies (at least a
 * third of its strongest), so a faint early wobble does not pull it back by an hour. Slow growth
 * counts whatever its size: that is how leaks look.
 */
export function mainOnsetMs(anomalies: readonly SeriesAnomaly[]): number | undefined {
  if (anomalies.length === 0) return undefined;
  const maxZ = Math.max(...anomalies.map((a) => a.zScore));
  return Math.min(...anomalies.filter((a) => a.zScore >= maxZ / 3 || (a.gradual && isFailureFamily(a.profile.family) && a.profile.family !== 'cpu')).map((a) => a.onsetMs));
}

/**
 * Correlation of two failures' excess over the episode: from the last sample before the later onset
 * to a few steps after both recovered. Any stretch where only one of them had begun would make two
 * series that are both high at the end look alike, whatever happened in between: a level that was
 * already off a sample earlier and then stayed flat did not move with the failure that followed.
 *
 * While neither has recovered (an incident still going on), the earlier failure is already flat at its
 * new level over that span, so a fault that took a minute to reach a caller would look unrelated to
 * it. Onsets up to two minutes apart (the time a fault takes to cross a few calls) are therefore
 * lined up before comparing.
 */
export function failureCoMovement(a: Failure, b: Failure, stepMs: number, windowEndMs: number): number {
  const ongoing = a.strongest.recoveredMs === undefined && b.strongest.recoveredMs === undefined;
  const lagMs = ongoing && Math.abs(a.onsetMs - b.onsetMs) <= 2 * MINUTE_MS ? a.onsetMs - b.onsetMs : 0;
  const from = Math.max(a.onsetMs, b.onsetMs + lagMs) - stepMs;
  const to = Math.max(a.strongest.recoveredMs ?? windowEndMs, b.strongest.recoveredMs ?? windowEndMs) + 3 * stepMs;
  return coMovement(a.strongest, b.strongest, from, to, lagMs);
}

/**
 * Everything that says the service is in trouble. A balancer's or client node's view of it (an X-Ray
 * proxy) that began well before the service's own metrics moved is about the proxy, not the service.
 */
function troubleOf(e: ServiceEvidence): SeriesAnomaly[] {
  const ownOnsetMs = mainOnsetMs(e.anomalies.filter((a) => isFailureFamily(a.profile.family)));
  const views = ownOnsetMs === undefined ? e.clientViews : e.clientViews.filter((a) => !isProxyNode(a.series.service) || a.onsetMs >= ownOnsetMs - 1.5 * stepOf(a));
  return [...e.anomalies, ...views, ...e.outboundFailures];
}
