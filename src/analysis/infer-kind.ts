import type { RootCauseKind } from '../domain/index.ts';
import { kindOfChange } from './change-kind.ts';
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
 * The kind of a root cause: the triggering change's type when there is one, else what the service's
 * new error logs say, else the shape of its metric anomalies.
 */
export function inferRootKind(candidate: RootCandidate, evidence: ServiceEvidence): RootCauseKind {
  const logKinds = kindsInPatterns(evidence.logPatterns);
  const intrinsicLog = logKinds.find((k) => INTRINSIC_KINDS.has(k));
  if (candidate.change) {
    const changeKind = kindOfChange(candidate.change);
    // A deploy that leaks memory is a deploy; a config push that breaks TLS is config: the change wins,
    // except a generic change whose logs name something more specific.
    if (changeKind !== 'unknown') return changeKind;
    if (intrinsicLog) return intrinsicLog;
  }
  if (evidence.external) return 'dependency';
  const families = new Set(evidence.anomalies.map((a) => a.profile.family));
  if (evidence.anomalies.some((a) => a.gradual && (a.profile.family === 'memory' || a.profile.family === 'saturation'))) return 'resource-leak';
  if (intrinsicLog) return intrinsicLog;
  if (families.has('lag') || families.has('connections')) return 'database';
  const onlyCost = families.size > 0 && [...families].every((f) => f === 'cost' || f === 'cpu' || f === 'traffic' || f === 'memory');
  if (families.has('cost') && onlyCost) return 'cost';
  const trafficUp = evidence.anomalies.some((a) => a.profile.family === 'traffic' && a.direction === 'up');
  if (trafficUp && logKinds[0] === 'security') return 'security';
  if (trafficUp && logKinds[0] === 'retry-storm') return 'retry-storm';
  if (trafficUp && (families.has('cpu') || families.has('latency') || families.has('queue'))) return 'capacity';
  if (logKinds[0] && logKinds[0] !== 'cost') return logKinds[0];
  if (families.has('memory')) return 'resource-leak';
  return 'unknown';
}
