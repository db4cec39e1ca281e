import type { RootCauseKind } from '../../domain/index.ts';
import type { RankedCandidate } from '../rank-root-causes.ts';
import { zeroFeatures } from '../score-root-candidates.ts';

/** A ranked root-cause candidate for `payments` with probability 0.8, overridable field by field. */
export function buildRankedCandidate(kind: RootCauseKind, extra: Partial<RankedCandidate> = {}): RankedCandidate {
  return { service: 'payments', kind, probability: 0.8, external: false, failingDependencies: [], affectedCallers: [], rationale: '', score: 5, features: zeroFeatures(), ...extra };
}
