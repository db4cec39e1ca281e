import { describe, expect, it } from 'vitest';
import { type ApprovalPolicy, ApprovalPolicySchema } from './approval-policy.ts';
import { type Actor, describeApprovers, evaluatePolicy, isPolicySatisfied, type PolicySubject, type RecordedApproval } from './evaluate-policy.ts';

const policy: ApprovalPolicy = ApprovalPolicySchema.parse({
  roles: {
    'team-lead': { users: ['ULEAD'], groups: ['SLEADS'] },
    'on-call': { users: ['UONCALL'], groups: ['SONCALL'] },
    dba: { users: ['UDBA'] },
  },
});
const NOW = Date.UTC(2026, 10, 29, 12);
const subject = (command: string, environment: string, extra: Record<string, string> = {}, readOnly = false): PolicySubject => ({
  command,
  args: { service: 'api', environment, ...extra },
  readOnly,
  proposedBy: 'opsight',
});
const ANY: Actor = { userId: 'UANY' };
const LEAD: Actor = { userId: 'ULEAD' };
const LEAD_BY_GROUP: Actor = { userId: 'UX', groups: ['SLEADS'] };
const ONCALL: Actor = { userId: 'UONCALL' };

describe('the default approval policy', () => {
  it.each([
    ['deploy to staging, anyone', subject('deploy', 'staging'), ANY, true],
    ['deploy to development, anyone', subject('deploy', 'development'), ANY, true],
    ['deploy to production, anyone', subject('deploy', 'production'), ANY, false],
    ['deploy to production, on-call', subject('deploy', 'production'), ONCALL, false],
    ['deploy to production, team lead', subject('deploy', 'production'), LEAD, true],
    ['deploy to production, team lead by user group', subject('deploy', 'production'), LEAD_BY_GROUP, true],
    ['rollback, anyone', subject('rollback', 'production'), ANY, false],
    ['rollback, on-call', subject('rollback', 'production'), ONCALL, true],
    ['rollback, on-call by user group', subject('rollback', 'staging'), { userId: 'UY', groups: ['SONCALL'] }, true],
    ['scale up production, anyone', subject('scale', 'production', { direction: 'up', factor: '2' }), ANY, true],
    ['scale down production, anyone', subject('scale', 'production', { direction: 'down', factor: '0.5' }), ANY, false],
    ['scale down production, team lead', subject('scale', 'production', { direction: 'down', factor: '0.5' }), LEAD, true],
    ['read-only status in production, anyone', subject('status', 'production', {}, true), ANY, true],
    ['failover in production, anyone', subject('failover', 'production'), ANY, false],
    ['failover in production, on-call', subject('failover', 'production'), ONCALL, true],
    ['restart in staging, anyone', subject('restart', 'staging'), ANY, true],
  ] as const)('%s → allowed %s', (_label, s, actor, allowed) => {
    const decision = evaluatePolicy(policy, s, [], actor, NOW);
    expect(decision.allowed).toBe(allowed);
    if (decision.allowed) expect(decision.satisfied).toBe(true);
    else expect(decision.reason).toMatch(/^not authorized: .* needs one /);
  });

  it('production database migrations need two distinct approvers', () => {
    const s = subject('run-migration', 'production', { migration: '0042' });
    const first = evaluatePolicy(policy, s, [], LEAD, NOW);
    expect(first).toMatchObject({ allowed: true, satisfied: false });
    const approvals: RecordedApproval[] = [{ userId: 'ULEAD', groups: [], atMs: NOW }];
    // The same person twice is still one approver.
    expect(evaluatePolicy(policy, s, approvals, LEAD, NOW)).toMatchObject({ allowed: true, satisfied: false, alreadyApproved: true });
    expect(evaluatePolicy(policy, s, approvals, ANY, NOW).allowed).toBe(false);
    expect(evaluatePolicy(policy, s, approvals, { userId: 'UDBA' }, NOW)).toMatchObject({ allowed: true, satisfied: true });
    expect(describeApprovers(policy, s)).toBe('two distinct approvers (team leads, on-call engineers or DBAs), not the proposer');
  });

  it('refuses self-approval where two approvals are required', () => {
    const s = { ...subject('run-migration', 'production', { migration: '0042' }), proposedBy: 'ULEAD' };
    const decision = evaluatePolicy(policy, s, [], LEAD, NOW);
    expect(decision).toMatchObject({ allowed: false });
    expect(decision.reason).toMatch(/you proposed this command .* someone else must approve it/);
  });

  it('allows the proposer to confirm a one-approval emergency rollback', () => {
    expect(evaluatePolicy(policy, { ...subject('rollback', 'production'), proposedBy: 'UONCALL' }, [], ONCALL, NOW)).toMatchObject({ allowed: true, satisfied: true });
  });

  it('stops counting approvals once they expire', () => {
    const s = subject('run-migration', 'production', { migration: '0042' });
    const old: RecordedApproval[] = [{ userId: 'ULEAD', groups: [], atMs: NOW - 31 * 60_000 }];
    expect(evaluatePolicy(policy, s, old, ONCALL, NOW)).toMatchObject({ allowed: true, satisfied: false });
    expect(isPolicySatisfied(policy, s, [...old, { userId: 'UONCALL', groups: [], atMs: NOW }], NOW).satisfied).toBe(false);
    const fresh: RecordedApproval[] = [{ userId: 'ULEAD', groups: [], atMs: NOW - 29 * 60_000 }];
    expect(isPolicySatisfied(policy, s, [...fresh, { userId: 'UONCALL', groups: [], atMs: NOW }], NOW).satisfied).toBe(true);
  });

  it('does not count an approval by someone who lost the role', () => {
    const s = subject('deploy', 'production', { version: 'v2' });
    expect(isPolicySatisfied(policy, s, [{ userId: 'UFORMER', groups: [], atMs: NOW }], NOW).satisfied).toBe(false);
  });

  it.each([
    [subject('rollback', 'production'), 'one on-call engineer or team lead'],
    [subject('deploy', 'production'), 'one team lead'],
    [subject('deploy', 'staging'), 'one person on the incident'],
  ])('describes who approves %j', (s, text) => {
    expect(describeApprovers(policy, s)).toBe(text);
  });

  it('puts configured rules before the defaults', () => {
    const strict = ApprovalPolicySchema.parse({ rules: [{ commands: ['restart'], approvals: 2, roles: ['anyone'] }] });
    expect(evaluatePolicy(strict, subject('restart', 'staging'), [], ANY, NOW)).toMatchObject({ allowed: true, satisfied: false });
  });
});
