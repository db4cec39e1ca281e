import type { IncidentRecord } from './incident-records.ts';
import type { LifecycleAction, LifecycleActor, LifecycleContext } from './lifecycle-context.ts';

/**
 * Whether `actor` may perform `action` on `incident` (undefined when declaring). Roles come from the
 * `lifecycle.permissions` settings; `anyone` allows everyone and `commander` means this incident's commander.
 * Returns the refusal reason, or undefined when allowed.
 */
export function whyNotAllowed(
  context: Pick<LifecycleContext, 'settings' | 'hasRole'>,
  action: LifecycleAction,
  actor: LifecycleActor,
  incident?: IncidentRecord,
): string | undefined {
  const roles = context.settings.permissions[action];
  const allowed = roles.some((role) => {
    if (role === 'anyone') return true;
    if (role === 'commander') return incident?.commanderUserId === actor.userId;
    return context.hasRole(actor, role);
  });
  return allowed ? undefined : `only ${roles.map((r) => (r === 'commander' ? 'the incident commander' : `someone with the ${r} role`)).join(' or ')} may ${ACTION_VERB[action]}`;
}

const ACTION_VERB: Record<LifecycleAction, string> = {
  declare: 'declare an incident',
  update: 'post incident updates',
  severity: 'change the severity',
  commander: 'change the incident commander',
  resolve: 'resolve the incident',
};
