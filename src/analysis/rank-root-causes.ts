import type { ChangeEvent, RootCauseKind } from '../domain/index.ts';
import { scoresToProbabilities } from './calibrate.ts';
import { clock, describeChange, describeGap } from './describe.ts';
import { inferRootKind } from './infer-kind.ts';
import type { CandidateFeatures, RootCandidate } from './score-root-candidates.ts';
import { credibleOnsetMs } from './service-failure.ts';
import type { ServiceEvidence } from './service-evidence.ts';

/** A root-cause candidate with its calibrated probability, kind and explanation. */
export interface RankedCandidate {
  service: string;
  kind: RootCauseKind;
  probability: number;
  onsetMs?: number;
  change?: ChangeEvent;
  revert?: ChangeEvent;
  external: boolean;
  failingDependencies: string[];
  affectedCallers: string[];
  rationale: string;
  score: number;
  /** What the score is made of (see FEATURE_WEIGHTS). */
  features: CandidateFeatures;
}

/** Orders candidates by score and turns scores into probabilities that sum to at most 1. */
export function rankRootCauses(candidates: readonly RootCandidate[], evidence: ReadonlyMap<string, ServiceEvidence>, firstOnsetMs: number): RankedCandidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const probabilities = scoresToProbabilities(sorted.map((c) => c.score));
  return sorted.map((c, i) => {
    const e = evidence.get(c.service)!;
    const onsetMs = credibleOnsetMs(e);
    const ranked: RankedCandidate = {
      service: c.service,
      kind: inferRootKind(c, e),
      probability: probabilities[i]!,
      onsetMs,
      change: c.change,
      revert: c.revert,
      external: e.external,
      failingDependencies: c.failingDependencies,
      affectedCallers: c.affectedCallers,
      rationale: '',
      score: c.score,
      features: c.features,
    };
    ranked.rationale = explainCandidate(ranked, c, e, firstOnsetMs);
    return ranked;
  });
}

function explainCandidate(r: RankedCandidate, c: RootCandidate, e: ServiceEvidence, firstOnsetMs: number): string {
  const facts: string[] = [];
  if (r.onsetMs !== undefined) {
    const lead = r.onsetMs - firstOnsetMs;
    facts.push(lead <= 0 ? `${r.service} was the first service to become anomalous (${clock(r.onsetMs)})` : `${r.service} became anomalous at ${clock(r.onsetMs)}, ${describeGap(lead)} after the first symptom`);
    if (e.anomalies.length && e.anomalies.every((a) => a.faint)) facts.push(`only faintly: its metrics are noisy and the move stayed under the bar of a finding of its own`);
  } else facts.push(`${r.service} shows no metric anomaly of its own`);
  if (r.external) facts.push(`it has no telemetry of its own; its callers' client-side metrics and logs describe it`);
  if (r.change) {
    const reference = r.onsetMs === undefined ? 'the first symptom' : 'that';
    facts.push(`the ${describeChange(r.change)} came ${describeGap(Math.max(0, (r.onsetMs ?? firstOnsetMs) - r.change.timeMs))} before ${reference}`);
  }
  if (r.revert) facts.push(`its symptoms ended after the ${r.revert.type} at ${clock(r.revert.timeMs)}`);
  if (r.failingDependencies.length) facts.push(`but its dependencies ${list(r.failingDependencies)} were failing as early or earlier, which would explain its symptoms`);
  else if (r.onsetMs !== undefined) facts.push(`its own dependencies stayed healthy`);
  if (r.affectedCallers.length) facts.push(`${r.affectedCallers.length} service(s) that call it degraded afterwards (${list(r.affectedCallers)})`);
  if (c.features.intrinsicLogs) facts.push(`its logs show new errors that point at a ${r.kind} problem`);
  if (e.mentionedInLogs.length) facts.push(`other services' error logs name it (${list([...new Set(e.mentionedInLogs.map((p) => p.service))])})`);
  const claims = e.claims.filter((x) => !x.negated).length;
  if (claims) facts.push(`${claims} chat message(s) blamed it (weak evidence)`);
  return `${facts.join('; ')}.`;
}

function list(items: readonly string[], max = 4): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
