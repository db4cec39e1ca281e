import type { ChangeEvent, RootCauseKind } from '../domain/index.ts';

const KIND_OF_CHANGE: Readonly<Record<string, RootCauseKind>> = {
  deploy: 'deploy',
  rollback: 'deploy',
  config: 'config',
  feature_flag: 'feature-flag',
  scale: 'capacity',
  infra: 'network',
  secret_rotation: 'credential',
  certificate: 'certificate',
  migration: 'database',
  job: 'database',
};

/** The root-cause kind a change would be, were it the cause. */
export function kindOfChange(change: ChangeEvent): RootCauseKind {
  const type = change.type.toLowerCase().replace(/-/g, '_');
  if (type === 'infra' && /capacity|node pool|instance type|autoscal|quota/i.test(change.description ?? '')) return 'capacity';
  return KIND_OF_CHANGE[type] ?? KIND_OF_CHANGE[type.split('.').pop() ?? ''] ?? 'unknown';
}

/** Changes that undo an earlier one; they mitigate rather than cause. */
export function isRevert(change: ChangeEvent): boolean {
  return change.type === 'rollback' || /\b(revert|roll(ed|ing)? ?back|undo|restore)/i.test(change.description ?? '');
}

/** How strongly a change of this type tends to cause incidents (prior weight in 0..1). */
export function changeRiskPrior(change: ChangeEvent): number {
  switch (kindOfChange(change)) {
    case 'deploy': case 'config': case 'feature-flag': case 'credential': case 'certificate': case 'database': return 1;
    case 'network': return 0.8;
    case 'capacity': return 0.5;
    default: return 0.6;
  }
}
