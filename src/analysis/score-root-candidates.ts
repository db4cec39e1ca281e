import type { ChangeEvent } from '../domain/index.ts';
import { changeRiskPrior, isRevert } from './change-kind.ts';
import type { ServiceEvidence } from './service-evidence.ts';
import { dependenciesOf, dependentsOf, type ServiceGraph } from './service-graph.ts';
import { MINUTE_MS } from './time.ts';
import { INTRINSIC_KINDS, kindsInPatterns } from './infer-kind.ts';

/** A service considered as the root cause, with the features that scored it. */
export interface RootCandidate {
  service: string;
  score: number;
  features: CandidateFeatures;
  /** The change believed to have triggered it, if any. */
  change?: ChangeEvent;
  /** A later revert of that change after which the incident recovered. */
  revert?: ChangeEvent;
  /** Earlier-failing dependencies that would explain this service's symptoms. */
  failingDependencies: string[];
  affectedCallers: string[];
}

export interface CandidateFeatures {
  anomalous: number;
  onsetLead: number;
  dependencyFailedFirst: number;
  affectedCallers: number;
  change: number;
  revertRecovery: number;
  intrinsicLogs: number;
  newErrorLogs: number;
  namedByOthers: number;
  clientViews: number;
  claims: number;
  alerts: number;
  magnitude: number;
}

/** Weights of the features in the candidate score (log-odds scale), fitted on the dev scenarios. */
export const FEATURE_WEIGHTS: Readonly<CandidateFeatures> = {
  anomalous: 1.0,
  onsetLead: 2.2,
  dependencyFailedFirst: -2.5,
  affectedCallers: 0.6,
  change: 2.6,
  revertRecovery: 1.2,
  intrinsicLogs: 1.4,
  newErrorLogs: 0.4,
  namedByOthers: 0.6,
  clientViews: 0.8,
  claims: 0.25,
  alerts: 0.15,
  magnitude: 0.25,
};

/** The earliest credible onset: own anomalies, or for services without telemetry their callers' view. */
export function credibleOnsetMs(e: ServiceEvidence): number | undefined {
  if (e.anomalies.length) return Math.min(...e.anomalies.map((a) => a.onsetMs));
  if ((e.external || e.logPatterns.length === 0) && e.clientViews.length) return Math.min(...e.clientViews.map((a) => a.onsetMs));
  return undefined;
}

export interface ScoreContext {
  graph: ServiceGraph;
  evidence: Map<string, ServiceEvidence>;
  /** Earliest credible onset across services: the incident's first symptom. */
  firstOnsetMs: number;
  stepMs: number;
}

/** Scores every service that shows any sign of trouble or changed shortly before it. */
export function scoreRootCandidates(ctx: ScoreContext): RootCandidate[] {
  const tolMs = Math.max(2 * ctx.stepMs, MINUTE_MS);
  const onsets = new Map<string, number>();
  for (const e of ctx.evidence.values()) {
    const t = credibleOnsetMs(e);
    if (t !== undefined) onsets.set(e.service, t);
  }
  const candidates: RootCandidate[] = [];
  for (const e of ctx.evidence.values()) {
    const onset = onsets.get(e.service);
    const change = causalChange(e, onset, ctx.firstOnsetMs, tolMs);
    if (onset === undefined && !change && e.logPatterns.length === 0) continue;
    const f = zeroFeatures();
    const failingDependencies: string[] = [];
    const affectedCallers: string[] = [];
    if (onset !== undefined) {
      f.anomalous = 1;
      const leadMs = Math.max(0, onset - ctx.firstOnsetMs);
      f.onsetLead = Math.exp(-leadMs / Math.max(5 * MINUTE_MS, 5 * ctx.stepMs));
      for (const dep of dependenciesOf(ctx.graph, e.service)) {
        const depOnset = onsets.get(dep);
        if (depOnset !== undefined && depOnset <= onset + tolMs) failingDependencies.push(dep);
      }
      f.dependencyFailedFirst = failingDependencies.length ? 1 : 0;
      for (const caller of dependentsOf(ctx.graph, e.service)) {
        const callerOnset = onsets.get(caller);
        if (callerOnset !== undefined && callerOnset >= onset - tolMs) affectedCallers.push(caller);
      }
      f.affectedCallers = Math.log1p(affectedCallers.length);
      const maxZ = Math.max(0, ...e.anomalies.map((a) => a.zScore));
      f.magnitude = maxZ > 0 ? Math.min(1, Math.log10(maxZ) / 2) : 0;
    }
    if (change) f.change = change.strength;
    const revert = change && findRevertWithRecovery(e, change.event, ctx);
    if (revert) f.revertRecovery = 1;
    const windowStart = (onset ?? ctx.firstOnsetMs) - 15 * MINUTE_MS;
    const fresh = e.logPatterns.filter((p) => p.firstSeenMs >= windowStart);
    const intrinsic = kindsInPatterns(fresh).filter((k) => INTRINSIC_KINDS.has(k));
    f.intrinsicLogs = intrinsic.length ? 1 : 0;
    f.newErrorLogs = fresh.some((p) => p.isNew) ? 1 : 0;
    f.namedByOthers = Math.min(1, new Set(e.mentionedInLogs.map((p) => p.service)).size / 2);
    if (e.clientViews.length && (e.external || e.anomalies.length)) f.clientViews = Math.min(1, new Set(e.clientViews.map((a) => a.series.service)).size / 2);
    const positiveClaims = e.claims.filter((c) => !c.negated).length;
    f.claims = onset !== undefined ? Math.min(1, positiveClaims / 2) : 0;
    f.alerts = e.alerts.length ? 1 : 0;
    candidates.push({
      service: e.service,
      score: weigh(f),
      features: f,
      change: change?.event,
      revert: revert ?? undefined,
      failingDependencies,
      affectedCallers,
    });
  }
  return candidates.sort((a, b) => b.score - a.score);
}

function weigh(f: CandidateFeatures): number {
  let score = 0;
  for (const key of Object.keys(f) as Array<keyof CandidateFeatures>) score += f[key] * FEATURE_WEIGHTS[key];
  return score;
}

function zeroFeatures(): CandidateFeatures {
  return { anomalous: 0, onsetLead: 0, dependencyFailedFirst: 0, affectedCallers: 0, change: 0, revertRecovery: 0, intrinsicLogs: 0, newErrorLogs: 0, namedByOthers: 0, clientViews: 0, claims: 0, alerts: 0, magnitude: 0 };
}

/**
 * The change on this service that most plausibly triggered its anomaly: made before the onset
 * (a change after the onset cannot be its cause), the closer the stronger. Gradual anomalies (leaks)
 * may trail their change by hours.
 */
export function causalChange(e: ServiceEvidence, onsetMs: number | undefined, firstOnsetMs: number, tolMs: number): { event: ChangeEvent; strength: number } | undefined {
  const reference = onsetMs ?? firstOnsetMs;
  const gradual = e.anomalies.some((a) => a.gradual);
  const horizonMs = gradual ? 6 * 60 * MINUTE_MS : 60 * MINUTE_MS;
  let best: { event: ChangeEvent; strength: number } | undefined;
  for (const c of e.changes) {
    if (isRevert(c)) continue;
    const leadMs = reference - c.timeMs;
    if (leadMs < -tolMs || leadMs > horizonMs) continue;
    const decayMs = gradual ? 120 * MINUTE_MS : 20 * MINUTE_MS;
    let strength = changeRiskPrior(c) * Math.exp(-Math.max(0, leadMs) / decayMs);
    if (onsetMs === undefined) strength *= 0.4;
    if (!best || strength > best.strength) best = { event: c, strength };
  }
  return best;
}

function findRevertWithRecovery(e: ServiceEvidence, cause: ChangeEvent, ctx: ScoreContext): ChangeEvent | undefined {
  const recovered = e.recoveredMs;
  if (recovered === undefined) return undefined;
  return e.changes.find((c) => c.timeMs > cause.timeMs && isRevert(c) && recovered >= c.timeMs - ctx.stepMs && recovered - c.timeMs <= 20 * MINUTE_MS);
}
