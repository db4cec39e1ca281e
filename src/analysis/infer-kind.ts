import type { RootCauseKind } from '../domain/index.ts';
import { kindOfChange } from './change-kind.ts';
import { isSymptomFamily } from './metric-family.ts';
import { classifyCauseText } from './classify-cause-text.ts';
import type { LogPattern } from './log-patterns.ts';
import type { RootCandidate } from './score-root-candidates.ts';
import type { ServiceEvidence } from './service-evidence.ts';

/** Kinds that name a fault inside the service itself (as opposed to "it timed out calling X"). */
export const INTRINSIC_KINDS: ReadonlySet<RootCauseKind> = new Set([
  'certificate', 'credential', 'resource-leak', 'database', 'config', 'feature-flag', 'security',
]);

/** Cause kinds named by log patterns, most frequent first (weighted by occurrences). */
export function kindsInPatterns(patterns: readonly LogPattern[]): RootCauseKind[] {
  const weight = new Map<RootCauseKind, number>();
  for (const p of patterns) {
    const kind = classifyCauseText(p.template);
    if (kind) weight.set(kind, (weight.get(kind) ?? 0) + Math.log1p(p.incidentCount));
  }
  return [...weight.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

/**
 * The kind of a root cause, from the most specific evidence down: a retry storm it drives, a bill or a
 * leak that grew before everything else, the type of the change that triggered it, its position (a
 * third party, a caller that cannot reach healthy services), what error logs say about it, and last
 * the shape of its metric anomalies.
 */
export function inferRootKind(candidate: RootCandidate, evidence: ServiceEvidence): RootCauseKind {
  const logKinds = kindsInPatterns([...evidence.logPatterns, ...evidence.mentionedInLogs]);
  const intrinsicLog = logKinds.find((k) => INTRINSIC_KINDS.has(k));
  const anomalies = evidence.anomalies;
  const families = new Set(anomalies.map((a) => a.profile.family));
  const earliest = anomalies.reduce<(typeof anomalies)[number] | undefined>((best, a) => (!best || a.onsetMs < best.onsetMs ? a : best), undefined);

  if (candidate.features.drivesRetryStorm >= 1) return 'retry-storm';
  if (earliest?.profile.family === 'cost') return 'cost';
  if (anomalies.some((a) => a.gradual && (a.profile.family === 'memory' || a.profile.family === 'saturation'))) return 'resource-leak';
  if (candidate.change) {
    const changeKind = kindOfChange(candidate.change);
    if (changeKind !== 'unknown') return changeKind;
  }
  if (evidence.external) return 'dependency';
  if (candidate.features.callerSideFault) return 'network';
  if (intrinsicLog) return intrinsicLog;
  if (families.has('lag') || families.has('connections')) return 'database';
  // Load that arrived before the errors and slowness (not retries that followed them).
  const failureStartMs = Math.min(...anomalies.filter((a) => isSymptomFamily(a.profile.family)).map((a) => a.onsetMs));
  const trafficLeads = anomalies.some((a) => a.profile.family === 'traffic' && a.direction === 'up' && a.onsetMs <= failureStartMs);
  if (trafficLeads && logKinds.includes('security')) return 'security';
  if (trafficLeads && (families.has('cpu') || families.has('latency') || families.has('queue') || families.has('errors'))) return 'capacity';
  if (logKinds[0] === 'network') return 'network';
  if (families.has('cost') && [...families].every((f) => f === 'cost' || f === 'cpu' || f === 'traffic')) return 'cost';
  return 'unknown';
}
