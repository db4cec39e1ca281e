import type { ChangeEvent } from '../domain/index.ts';
import { changeRiskPrior, isRevert } from './change-kind.ts';
import type { ServiceEvidence } from './service-evidence.ts';
import type { MetricFamily } from './metric-family.ts';
import { dependenciesOf, dependentsOf, type ServiceGraph } from './service-graph.ts';
import { MINUTE_MS } from './time.ts';
import { INTRINSIC_KINDS, kindsInPatterns } from './infer-kind.ts';
import { classifyCauseText, speaksOfKind } from './classify-cause-text.ts';
import { mentionedServices } from './classify-chat.ts';
import { coMovement, type Deviation } from './co-movement.ts';
import { credibleOnsetMs, failureCoMovement, failureOf, type Failure } from './service-failure.ts';

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
  coMovement: number;
  explainsSymptoms: number;
  callerSideFault: number;
  drivesRetryStorm: number;
  overloadedByCaller: number;
  disconnected: number;
  change: number;
  revertRecovery: number;
  intrinsicLogs: number;
  newErrorLogs: number;
  namedByOthers: number;
  clientViews: number;
  claims: number;
  alerts: number;
  /** It fails the way the symptoms do: errors for errors, slowness for slowness. */
  sameFailureMode: number;
  magnitude: number;
}

/** Weights of the features in the candidate score (log-odds scale), fitted on the dev scenarios. */
export const FEATURE_WEIGHTS: Readonly<CandidateFeatures> = {
  anomalous: 1.0,
  onsetLead: 2.2,
  dependencyFailedFirst: -2.5,
  affectedCallers: 0.6,
  coMovement: 1.5,
  explainsSymptoms: 2.0,
  callerSideFault: 1.5,
  drivesRetryStorm: 2.5,
  overloadedByCaller: -1.5,
  disconnected: -2.0,
  change: 2.6,
  revertRecovery: 1.2,
  intrinsicLogs: 1.4,
  newErrorLogs: 0.4,
  namedByOthers: 0.6,
  clientViews: 0.8,
  claims: 0.25,
  alerts: 0.15,
  sameFailureMode: 0.8,
  magnitude: 1.0,
};

/**
 * How well an onset `leadMs` before the first symptom fits a cause: best just before (or with) the
 * symptom, fading for causes much earlier (unless they grow slowly, like leaks), nothing if after.
 */
function precedence(leadMs: number, gradual: boolean, tolMs: number, stepMs: number): number {
  if (leadMs < -tolMs) return 0;
  const graceMs = Math.max(2 * MINUTE_MS, 2 * stepMs);
  const decayMs = gradual ? 4 * 60 * MINUTE_MS : Math.max(10 * MINUTE_MS, 3 * stepMs);
  return Math.exp(-Math.max(0, leadMs - graceMs) / decayMs);
}

/**
 * How closely the customer-facing symptoms followed this service's failure over time: the best
 * correlation with a symptomatic service that depends on it. A symptomatic service itself counts as
 * fully co-moving only when it is the only symptom (else it is judged by the services it affects).
 */
function symptomCoMovement(service: string, own: Failure, dependents: Set<string>, failures: Map<string, Failure>, symptom: { onsetMs: number; failure?: Failure }, ctx: ScoreContext): number {
  const targets = [...ctx.symptomServices].filter((s) => s !== service && dependents.has(s) && failures.has(s)).map((s) => failures.get(s)!);
  if (targets.length === 0) {
    if (ctx.symptomServices.has(service)) return ctx.symptomServices.size === 1 ? 1 : 0.5;
    const quiet = (ctx.quietSymptoms ?? []).filter((q) => dependents.has(q.series.service));
    if (quiet.length) return Math.max(0, ...quiet.map((q) => coMovement(q, own.strongest, own.onsetMs - ctx.stepMs, ctx.windowEndMs)));
    if (ctx.symptomServices.size > 0 || !symptom.failure || symptom.failure === own) return symptom.failure === own ? 1 : 0;
    targets.push(symptom.failure);
  }
  let best = 0;
  for (const target of targets) best = Math.max(best, failureCoMovement(target, own, ctx.stepMs, ctx.windowEndMs));
  return best;
}

/** Below this correlation a failing dependency did not move with its caller, so it does not explain it. */
const MIN_EXPLAINING_CO_MOVEMENT = 0.6;

/** When the customer-facing symptoms began: the earliest failure of a symptomatic service. */
function earliestSymptom(ctx: ScoreContext, failures: Map<string, Failure>, explaining: Set<string> | undefined): { onsetMs: number; failure?: Failure } {
  const ofSymptoms = [...ctx.symptomServices].map((s) => failures.get(s)).filter((f): f is Failure => f !== undefined);
  // A symptom that paged without crossing the bar began around the page, not at the earliest anomaly anywhere.
  if (ofSymptoms.length === 0 && ctx.quietSymptoms?.length && ctx.firstPageMs !== undefined) return { onsetMs: ctx.firstPageMs };
  const pool = ofSymptoms.length ? ofSymptoms : [...failures].filter(([s]) => !explaining || explaining.has(s)).map(([, f]) => f);
  if (pool.length === 0) return { onsetMs: ctx.firstOnsetMs };
  const first = pool.reduce((best, f) => (f.onsetMs < best.onsetMs ? f : best));
  return { onsetMs: first.onsetMs, failure: first };
}

export interface ScoreContext {
  graph: ServiceGraph;
  evidence: Map<string, ServiceEvidence>;
  /** Earliest credible onset across services: the incident's first symptom. */
  firstOnsetMs: number;
  stepMs: number;
  windowEndMs: number;
  /**
   * Where customers or pages saw the problem (alerting services, incident.json's services). The root
   * cause is one of them or something they depend on; empty when unknown.
   */
  symptomServices: ReadonlySet<string>;
  /**
   * The failure series of symptomatic services that paged without a detected anomaly: the reference
   * shape for co-movement when no symptom crossed the bar.
   */
  quietSymptoms?: readonly Deviation[];
  /** The first page (alert or declaration). */
  firstPageMs?: number;
}

/** Services that can explain the symptoms: the symptomatic ones and everything they depend on. */
export function explainingServices(graph: ServiceGraph, symptoms: ReadonlySet<string>): Set<string> | undefined {
  if (symptoms.size === 0 || graph.callees.size === 0) return undefined;
  const reach = new Set<string>();
  for (const s of symptoms) {
    reach.add(s);
    for (const d of dependenciesOf(graph, s)) reach.add(d);
  }
  return reach;
}

/** Scores every service that shows any sign of trouble or changed shortly before it. */
export function scoreRootCandidates(ctx: ScoreContext): RootCandidate[] {
  // Onsets are known to a few samples at best: the partly affected sample, the last normal one, percentile noise.
  const tolMs = Math.max(3 * ctx.stepMs, MINUTE_MS);
  const onsets = new Map<string, number>();
  const failures = new Map<string, Failure>();
  for (const e of ctx.evidence.values()) {
    const t = credibleOnsetMs(e);
    if (t !== undefined) onsets.set(e.service, t);
    const failure = failureOf(e);
    if (failure) failures.set(e.service, failure);
  }
  const explaining = explainingServices(ctx.graph, ctx.symptomServices);
  // Precedence is judged on failures (errors, latency, saturation), not on traffic that merely moved.
  const failureOnset = (service: string) => failures.get(service)?.onsetMs ?? onsets.get(service);
  const symptom = earliestSymptom(ctx, failures, explaining);
  const symptomOnsetMs = symptom.onsetMs;
  const strongest = Math.max(10, ...[...failures.values()].map((f) => f.strength));
  const byLower = new Map([...ctx.evidence.values()].map((v) => [v.service.toLowerCase(), v]));
  const lowerNames = new Set(byLower.keys());
  const retried = new Map([...ctx.evidence.values()].map((c) => [c.service, retryTargets(c, lowerNames)]));
  const drive = new Map([...ctx.evidence.values()].map((c) => [c.service, retryStormDriven(c, retried.get(c.service)!, byLower, lowerNames)]));
  const drivers = [...ctx.evidence.values()].filter((c) => drive.get(c.service)! >= 1);
  const failingSymptoms = [...ctx.symptomServices].filter((s) => failures.has(s));
  const symptomModes = new Set(failingSymptoms.map((s) => failureMode(failures.get(s)!.strongest.profile.family)));
  const candidates: RootCandidate[] = [];
  for (const e of ctx.evidence.values()) {
    const onset = failureOnset(e.service);
    const change = causalChange(e, onset, ctx.firstOnsetMs, tolMs);
    if (onset === undefined && !change && e.logPatterns.length === 0) continue;
    const f = zeroFeatures();
    const failingDependencies: string[] = [];
    const affectedCallers: string[] = [];
    if (onset !== undefined) {
      f.anomalous = failures.has(e.service) && !e.weakWitness ? 1 : 0.5;
      const gradual = e.anomalies.some((a) => a.gradual);
      const dependents = dependentsOf(ctx.graph, e.service);
      // Precedence over the symptoms this service can explain (its own and its dependents').
      const explained = failingSymptoms.filter((s) => s === e.service || dependents.has(s));
      const referenceMs = explained.length ? Math.min(...explained.map((s) => failures.get(s)!.onsetMs)) : symptomOnsetMs;
      if (failures.has(e.service) || gradual) f.onsetLead = precedence(referenceMs - onset, gradual, tolMs, ctx.stepMs);
      const ownStrength = failures.get(e.service)?.strength ?? 0;
      // A dependency that broke long before (and did not grow slowly) did not start this.
      const explainHorizonMs = Math.max(4 * MINUTE_MS, 3 * ctx.stepMs);
      const own = failures.get(e.service);
      if (own) f.coMovement = sharpen(symptomCoMovement(e.service, own, dependents, failures, symptom, ctx));
      const victims = drivers.includes(e) ? retried.get(e.service)! : new Set<string>();
      const reach = new Set([e.service, ...dependents]);
      for (const v of victims) {
        const name = byLower.get(v)?.service;
        if (name) for (const s of [name, ...dependentsOf(ctx.graph, name)]) reach.add(s);
      }
      for (const dep of dependenciesOf(ctx.graph, e.service)) {
        const failure = failures.get(dep);
        // A dependency explains this service's symptoms only if it failed first and not trivially. Its own
        // z-score decides (a weak witness is discounted as a root, not as an explanation).
        // The services it hammers, and those that fail because they depend on them, are its effects.
        if (!failure || failure.strongest.zScore < 0.2 * ownStrength || reach.has(dep)) continue;
        const depGradual = failure.strongest.gradual;
        if (failure.onsetMs > onset + tolMs || (!depGradual && onset - failure.onsetMs > explainHorizonMs)) continue;
        // It explains this service's failure only if the two moved together; one already off long before did not.
        if (own && !depGradual && failureCoMovement(own, failure, ctx.stepMs, ctx.windowEndMs) < MIN_EXPLAINING_CO_MOVEMENT) continue;
        failingDependencies.push(dep);
      }
      f.dependencyFailedFirst = failingDependencies.length ? 1 : 0;
      for (const caller of dependents) {
        const callerOnset = onsets.get(caller);
        if (callerOnset === undefined || callerOnset < onset - tolMs) continue;
        // A caller that failed on its own schedule was not affected by this one.
        const callerFailure = failures.get(caller);
        if (own && callerFailure && !own.strongest.gradual && failureCoMovement(own, callerFailure, ctx.stepMs, ctx.windowEndMs) < MIN_EXPLAINING_CO_MOVEMENT) continue;
        affectedCallers.push(caller);
      }
      f.affectedCallers = Math.log1p(affectedCallers.length);
      // A symptom it explains fully: its own, one that followed it up the call graph, or one of the services
      // it hammers with retries; half when the symptom merely depends on it but moved on its own schedule.
      const explains = (s: string) => (s === e.service || affectedCallers.includes(s) || (reach.has(s) && !dependents.has(s)) ? 1 : reach.has(s) ? 0.5 : 0);
      if (failingSymptoms.length) f.explainsSymptoms = failingSymptoms.reduce((sum, s) => sum + explains(s), 0) / failingSymptoms.length;
      // Effect size relative to the strongest failure of the incident (retries can make callers look worse, so it weighs little).
      const ownZ = failures.get(e.service)?.strength ?? 0;
      f.magnitude = ownZ > 1 ? Math.log(ownZ) / Math.log(strongest) : 0;
    }
    if (explaining && !explaining.has(e.service)) f.disconnected = 1;
    if (e.outboundFailures.length) f.callerSideFault = 1;
    f.drivesRetryStorm = drive.get(e.service)!;
    f.overloadedByCaller = drivers.some((c) => c !== e && retried.get(c.service)!.has(e.service.toLowerCase())) ? 1 : 0;
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
    if (symptomModes.size && [...e.anomalies, ...e.clientViews].some((a) => symptomModes.has(failureMode(a.profile.family)))) f.sameFailureMode = 1;
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

/**
 * Services that `e` retries against (lower-case names): named by its retry logs, or by a change to its
 * own retry policy (`clients.redis.retry.max_attempts`, "Disable retries to redis").
 */
function retryTargets(e: ServiceEvidence, names: ReadonlySet<string>): Set<string> {
  const targets = new Set<string>();
  const fromLogs = e.logPatterns.filter((p) => speaksOfKind(p.template, 'retry-storm')).flatMap((p) => mentionedServices(p.example, names));
  const fromChanges = retryPolicyChanges(e, names).flatMap((c) => c.targets);
  for (const name of [...fromLogs, ...fromChanges]) if (name !== e.service.toLowerCase()) targets.add(name);
  return targets;
}

/** Changes to `e`'s own retry policy, each with the services (lower-case) its key or description names. */
function retryPolicyChanges(e: ServiceEvidence, names: ReadonlySet<string>): Array<{ timeMs: number; targets: string[] }> {
  return e.changes.flatMap((c) => {
    const key = typeof c.data.key === 'string' ? c.data.key.replace(/[._]/g, ' ') : '';
    const text = `${c.description ?? ''} ${key}`;
    return speaksOfKind(text, 'retry-storm') ? [{ timeMs: c.timeMs, targets: mentionedServices(text, names) }] : [];
  });
}

/**
 * 1 when `e` hammers a service with retries and that service's logs name `e` while shedding load, or
 * the service recovered soon after `e`'s retries to it were turned down (a retry storm that `e`'s retry
 * policy drives); 0.3 when `e` merely retries against a service whose traffic surged, else 0.
 */
function retryStormDriven(e: ServiceEvidence, targets: ReadonlySet<string>, byLower: ReadonlyMap<string, ServiceEvidence>, lowerNames: ReadonlySet<string>): number {
  let best = 0;
  for (const target of targets) {
    const victim = byLower.get(target);
    if (!victim) continue;
    const surged = victim.anomalies.some((a) => a.profile.family === 'traffic' && a.direction === 'up');
    const namesCaller = e.mentionedInLogs.some((p) => p.service === victim.service && classifyCauseText(p.template) === 'capacity');
    if (surged && (namesCaller || recoveredAfterRetryChange(e, victim, lowerNames))) best = 1;
    else if (surged || namesCaller) best = Math.max(best, 0.3);
  }
  return best;
}

/** `victim` recovered within 15 minutes after a change to `e`'s retry policy that names it. */
function recoveredAfterRetryChange(e: ServiceEvidence, victim: ServiceEvidence, lowerNames: ReadonlySet<string>): boolean {
  const recovered = victim.recoveredMs;
  if (recovered === undefined) return false;
  return retryPolicyChanges(e, lowerNames).some((c) =>
    c.targets.includes(victim.service.toLowerCase()) && recovered >= c.timeMs && recovered - c.timeMs <= 15 * MINUTE_MS);
}

function weigh(f: CandidateFeatures): number {
  let score = 0;
  for (const key of Object.keys(f) as Array<keyof CandidateFeatures>) score += f[key] * FEATURE_WEIGHTS[key];
  return score;
}

/** Every feature at 0: a candidate with no evidence either way. */
export function zeroFeatures(): CandidateFeatures {
  return { anomalous: 0, onsetLead: 0, dependencyFailedFirst: 0, affectedCallers: 0, coMovement: 0, explainsSymptoms: 0, callerSideFault: 0, drivesRetryStorm: 0, overloadedByCaller: 0, disconnected: 0, change: 0, revertRecovery: 0, intrinsicLogs: 0, newErrorLogs: 0, namedByOthers: 0, clientViews: 0, claims: 0, alerts: 0, sameFailureMode: 0, magnitude: 0 };
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

/** Correlation below this says the two did not move together; above it, the closer to 1 the better. */
const CO_MOVEMENT_FLOOR = 0.5;

function sharpen(correlation: number): number {
  return Math.max(0, (correlation - CO_MOVEMENT_FLOOR) / (1 - CO_MOVEMENT_FLOOR));
}

/** Errors and unavailability are one failure mode, slowness another; anything else is its own. */
function failureMode(family: MetricFamily): string {
  return family === 'errors' || family === 'availability' ? 'errors' : family;
}
