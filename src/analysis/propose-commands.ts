import type { ProposedCommand } from '../domain/index.ts';
import type { RankedCandidate } from './rank-root-causes.ts';

type Risk = ProposedCommand['risk'];

/**
 * Remediation commands (names from the executor's catalog) for the most likely root cause. They are
 * proposals only: every one needs a human approval before anything runs.
 */
export function proposeCommands(ranked: readonly RankedCandidate[], incidentId: string): ProposedCommand[] {
  const root = ranked[0];
  if (!root) return [];
  const environment = String(root.change?.environment ?? root.change?.data.environment ?? 'production');
  const service = root.service;
  const proposals: Array<[string, Record<string, string>, Risk, string]> = [];
  const alreadyReverted = root.revert !== undefined;
  const cause = root.change && !alreadyReverted ? root.change : undefined;

  switch (root.kind) {
    case 'deploy':
    case 'config':
      if (cause) proposals.push(['rollback', withDefined({ service, environment, toVersion: cause.previousVersion, changeId: cause.id }), 'low', `Undo the ${cause.type} ${cause.id} that preceded the first symptoms.`]);
      else if (!alreadyReverted) proposals.push(['restart', { service, environment }, 'low', `No single change explains it; a restart clears bad in-memory state while the cause is investigated.`]);
      break;
    case 'feature-flag': {
      const flag = String(cause?.data.flag ?? cause?.data.key ?? cause?.data.name ?? cause?.description ?? 'unknown-flag');
      if (!alreadyReverted) proposals.push(['toggle-flag', { service, environment, flag, state: 'off' }, 'low', `Turn off the flag changed just before the first symptoms.`]);
      break;
    }
    case 'credential':
      if (cause) proposals.push(['rollback', { service, environment, changeId: cause.id }, 'medium', `Restore the previous secret: the rotation ${cause.id} preceded the authentication errors.`]);
      proposals.push(['rotate-secret', { service, environment }, 'medium', `Issue a fresh credential and roll it out to ${service} and its consumers.`]);
      break;
    case 'certificate':
      proposals.push(['renew-certificate', { service, environment }, 'medium', `The TLS certificate of ${service} is failing validation.`]);
      break;
    case 'resource-leak':
      proposals.push(['restart', { service, environment }, 'low', `Rolling restart frees the leaked memory and buys time.`]);
      if (cause) proposals.push(['rollback', withDefined({ service, environment, toVersion: cause.previousVersion, changeId: cause.id }), 'low', `The leak began after ${cause.id}; roll it back.`]);
      break;
    case 'capacity':
    case 'retry-storm':
      proposals.push(['scale', { service, environment, direction: 'up', factor: '1.5' }, 'low', `Add capacity to ${service} while the load is above what it can serve.`]);
      break;
    case 'cost':
      proposals.push(['scale', { service, environment, direction: 'down', factor: '0.5' }, 'medium', `Spend on ${service} rose without a matching traffic increase.`]);
      break;
    case 'database':
      if (cause && cause.type === 'job') proposals.push(['pause-job', { service, environment, job: cause.id }, 'low', `Pause the job ${cause.id} that preceded the database saturation.`]);
      else if (cause) proposals.push(['rollback', { service, environment, changeId: cause.id }, 'high', `The ${cause.type} ${cause.id} preceded the database symptoms.`]);
      proposals.push(['failover', { service, environment }, 'high', `Fail ${service} over to its replica if the primary stays unhealthy.`]);
      break;
    case 'network':
      proposals.push(['drain-zone', { service, environment }, 'high', `Move traffic away from the affected network path of ${service}.`]);
      break;
    case 'dependency':
      proposals.push(['failover', { service, environment }, 'high', `${service} is failing; fail over to a secondary provider or degrade the feature that needs it.`]);
      break;
    default:
      break;
  }
  proposals.push(['status', { service, environment }, 'low', `Read-only: current state of ${service} (pods, version, recent events) to confirm the diagnosis.`]);
  return proposals.map(([command, args, risk, rationale], i) => ({
    id: `${incidentId}:p${i + 1}`,
    command,
    args,
    risk,
    requiresApproval: true,
    rationale,
  }));
}

function withDefined(args: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).filter((e): e is [string, string] => e[1] !== undefined));
}
