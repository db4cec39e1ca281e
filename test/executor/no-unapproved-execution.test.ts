import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/audit-log.ts';
import { ApprovalPolicySchema } from '../../src/executor/approval-policy.ts';
import { defaultCommandCatalog } from '../../src/executor/command-catalog.ts';
import { isPolicySatisfied } from '../../src/executor/evaluate-policy.ts';
import { ExecutorSettingsSchema } from '../../src/executor/executor-settings.ts';
import { createProposalService, type ProposalService } from '../../src/executor/proposal-service.ts';
import { listProposalRecords } from '../../src/executor/proposal-records.ts';
import type { Database } from '../../src/store/database.ts';
import { storeDrivers } from '../store/store-drivers.ts';
import { useMigratedStore } from '../store/use-migrated-store.ts';
import { makeService, manualClock, proposal, testCatalog, testPolicy } from './service-fixture.ts';

const SLACK_USER = /^[UW][A-Z0-9]{2,30}$/;

/**
 * The property the product relies on: every execution row has, recorded before it started, the
 * approvals its policy requires from authorized humans; and it appears exactly once in the audit log.
 */
async function assertEveryExecutionWasApproved(db: Database): Promise<number> {
  const executed = (await listProposalRecords(db, { limit: 10_000 })).filter((p) => p.execution);
  const catalog = testCatalog();
  for (const p of executed) {
    const before = p.approvals.filter((a) => a.atMs <= p.execution!.startedAtMs);
    const subject = { command: p.command, args: p.args, readOnly: catalog.get(p.command)?.readOnly ?? false, proposedBy: p.proposedBy };
    const check = isPolicySatisfied(testPolicy, subject, before, p.execution!.startedAtMs);
    expect(check.satisfied, `${p.id} ${p.command} ran with ${JSON.stringify(before)}`).toBe(true);
    // Humans only (isPolicySatisfied already excludes the proposer where the rule forbids self-approval).
    expect(check.approvers.every((u) => SLACK_USER.test(u))).toBe(true);
    const started = await db.query(`SELECT 1 FROM audit_log WHERE action = 'execution.started' AND details->>'proposalId' = $1`, [p.id]);
    expect(started, p.id).toHaveLength(1);
    for (const userId of check.approvers) {
      const recorded = await db.query(`SELECT 1 FROM audit_log WHERE action = 'approval.recorded' AND actor = $1 AND details->>'proposalId' = $2`, [userId, p.id]);
      expect(recorded.length, `${userId} on ${p.id}`).toBeGreaterThanOrEqual(1);
    }
  }
  const [{ n }] = (await db.query<{ n: string | number }>('SELECT count(*) AS n FROM executions')) as [{ n: string | number }];
  expect(Number(n)).toBe(executed.length);
  return executed.length;
}

describe.each(storeDrivers())('no execution without an authorized approval ($name)', ({ name, setup }) => {
  let db: Database;
  let clock: ReturnType<typeof manualClock>;
  let service: ProposalService;
  useMigratedStore(setup, (store) => ({ db } = store));
  beforeEach(() => {
    clock = manualClock();
    service = makeService(db, { clock: clock.now });
  });

  it('holds across every path that could start a run', async () => {
    const staging = { service: 'api', environment: 'staging' };
    const prod = { service: 'api', environment: 'production' };
    const tryAll = async (id: string, users: string[]) => {
      for (const userId of users) await service.approve(id, { userId }).catch((error: Error) => expect(error.message).toMatch(/userId must look like/));
    };

    // 1. Submitted and never approved: nothing runs, whatever else happens.
    const idle = await service.submit(proposal('echo-args', staging));
    await service.recoverInterrupted();

    // 2. Approvals that are not from humans: the bot, free text, a Slack bot id, empty.
    await tryAll(idle.id, ['opsight', 'B01BOT', '', 'U1 OR 1=1', 'approve']);

    // 3. Unauthorized approvers on production commands that need a role.
    const rollback = await service.submit(proposal('rollback', prod));
    await tryAll(rollback.id, ['UANY', 'UNOROLE', 'USTRANGER']);
    const groupSpoof = await service.approve(rollback.id, { userId: 'UANY', groups: ['SNOTLEADS'] });
    expect(groupSpoof.outcome).toBe('denied');

    // 4. Two approvals needed: the proposer, then one person twice, then a replay.
    const two = await service.submit(proposal('echo-args', prod, { proposedBy: 'ULEAD1' }));
    await tryAll(two.id, ['ULEAD1', 'UONCALL', 'UONCALL', 'ULEAD1', 'UANY']);
    expect((await service.get(two.id))!.status).toBe('proposed');

    // 5. Rejected, then approved by an authorized user.
    const rejected = await service.submit(proposal('echo-args', staging));
    await service.reject(rejected.id, { userId: 'UANY' }, 'no');
    await tryAll(rejected.id, ['UONCALL', 'ULEAD1']);

    // 6. Expired, then approved.
    const expired = await service.submit(proposal('echo-args', { service: 'web', environment: 'staging' }));
    clock.advance(31 * 60_000);
    await tryAll(expired.id, ['UONCALL']);

    // 7. Paused: approved but not run; resumed: still needs an authorized click.
    await service.pause('cli:ops');
    const paused = await service.submit(proposal('rollback', prod));
    expect((await service.approve(paused.id, { userId: 'UONCALL' })).outcome).toBe('paused');
    await service.resume('cli:ops');
    await tryAll(paused.id, ['UANY']);
    expect((await service.get(paused.id))!.execution).toBeUndefined();

    // 8. Paused two-person approval whose approvals lapse before resuming: a later click alone is not enough.
    const lapsed = await service.submit(proposal('echo-args', { service: 'db', environment: 'production' }));
    await service.pause('cli:ops');
    await tryAll(lapsed.id, ['ULEAD1', 'ULEAD2']);
    clock.advance(31 * 60_000);
    await service.resume('cli:ops');
    expect((await service.approve(lapsed.id, { userId: 'ULEAD1' })).outcome).toBe('approved-waiting');

    // 9. The catalog or the policy changed after approval: re-checked at run time.
    const narrowed = await service.submit(proposal('echo-args', { service: 'cache', environment: 'staging' }));
    const noEcho = createProposalService({ db, catalog: defaultCommandCatalog(), policy: testPolicy, settings: ExecutorSettingsSchema.parse({}), clock: clock.now });
    expect((await noEcho.approve(narrowed.id, { userId: 'UANY' })).outcome).toBe('invalid');
    const stricter = createProposalService({
      db, catalog: testCatalog(), clock: clock.now, settings: ExecutorSettingsSchema.parse({}),
      policy: ApprovalPolicySchema.parse({ roles: {}, rules: [{ commands: ['echo-args'], roles: ['team-lead'] }] }),
    });
    expect((await stricter.approve(narrowed.id, { userId: 'ULEAD1' })).outcome).toBe('denied');

    // 10. Arguments from injected chat text never become a proposal.
    await expect(service.submit(proposal('echo-args', { service: 'api$(reboot)', environment: 'staging' }))).rejects.toThrow(/must match/);
    await expect(service.submit(proposal('echo-args', { ...staging, kubeconfig: '/tmp/evil' }))).rejects.toThrow(/not an argument/);

    // 11. Straight into the database, as a buggy caller might: the trigger refuses.
    await expect(
      db.query(`INSERT INTO executions (proposal_id, target, status, triggered_by, started_at, deadline_at) VALUES ($1, 'api@staging', 'running', 'opsight', now(), now())`, [idle.id]),
    ).rejects.toThrow(/no approval recorded/);

    // 12. Racing unauthorized clicks on a role-gated command.
    const raced = await service.submit(proposal('rollback', { service: 'web', environment: 'production' }));
    await Promise.all(Array.from({ length: name === 'pg' ? 50 : 10 }, (_, i) => service.approve(raced.id, { userId: `URACE${i}` })));

    expect(await assertEveryExecutionWasApproved(db)).toBe(0);

    // The legitimate paths do run, and still satisfy the property.
    expect((await service.approve(idle.id, { userId: 'UANY' })).outcome).toBe('expired'); // its 30 min passed
    const fresh = await service.submit(proposal('echo-args', staging));
    expect((await service.approve(fresh.id, { userId: 'UANY' })).outcome).toBe('executed');
    expect((await service.approve(two.id, { userId: 'ULEAD2' })).outcome).toBe('expired');
    const pair = await service.submit(proposal('echo-args', prod, { proposedBy: 'ULEAD1' }));
    await service.approve(pair.id, { userId: 'UONCALL' });
    expect((await service.approve(pair.id, { userId: 'ULEAD2' })).outcome).toBe('executed');
    expect((await service.approve(paused.id, { userId: 'UONCALL' })).outcome).toBe('executed');
    expect(await assertEveryExecutionWasApproved(db)).toBe(3);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });
});
