import { describe, expect, it } from 'vitest';
import { proposeCommands } from './propose-commands.ts';
import { T0, buildChange } from './testing/build-bundle.ts';
import { buildRankedCandidate } from './testing/build-ranked-candidate.ts';

const candidate = buildRankedCandidate;

describe('proposeCommands', () => {
  it.each([
    ['deploy', { change: buildChange('d1', 'payments', 'deploy', T0, { previousVersion: 'v1' }) }, ['rollback', 'status']],
    ['feature-flag', { change: buildChange('f1', 'payments', 'feature_flag', T0, { flag: 'new-checkout' }) }, ['toggle-flag', 'status']],
    ['certificate', {}, ['renew-certificate', 'status']],
    ['resource-leak', {}, ['restart', 'status']],
    ['capacity', {}, ['scale', 'status']],
    ['unknown', {}, ['status']],
  ] as const)('%s → %j', (kind, extra, commands) => {
    const proposals = proposeCommands([candidate(kind, extra)], 'INC-1');
    expect(proposals.map((p) => p.command)).toEqual(commands);
    expect(proposals.every((p) => p.requiresApproval && p.args.service === 'payments')).toBe(true);
  });

  it('does not propose undoing a change that was already reverted', () => {
    const change = buildChange('d1', 'payments', 'deploy', T0);
    const revert = buildChange('r1', 'payments', 'rollback', T0 + 600_000);
    expect(proposeCommands([candidate('deploy', { change, revert })], 'INC-1').map((p) => p.command)).toEqual(['status']);
  });

  it('proposes nothing without a root cause', () => {
    expect(proposeCommands([], 'INC-1')).toEqual([]);
  });
});
