import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/audit-log.ts';
import type { Database } from '../store/database.ts';
import { auditActions as actions, makeService, manualClock, proposal, useProposalService } from '../../test/executor/service-fixture.ts';
import { type StoreDriver, storeDrivers } from '../../test/store/store-drivers.ts';
import type { ProposalService } from './proposal-service.ts';
import { resolveUnknownRun, RunNotUnknownError } from './resolve-unknown-run.ts';

let services = 0;

/**
 * Runs `count` real (slow) commands and "crashes" while they run: another process, later than their
 * deadlines, marks them `unknown` with `markInterruptedRuns` (through `recoverInterrupted`), exactly
 * as after a restart. The crashed runs finishing late do not change that.
 */
async function makeUnknownRuns(db: Database, service: ProposalService, clock: ReturnType<typeof manualClock>, count: number): Promise<string[]> {
  const ps = await Promise.all(
    Array.from({ length: count }, () => service.submit(proposal('sleep', { service: `resolve-${(services += 1)}`, environment: 'staging', ms: '800' }))),
  );
  const runs = ps.map((p) => service.approve(p.id, { userId: 'UANY' }));
  for (const p of ps) while ((await service.get(p.id))!.status !== 'running') await new Promise((r) => setTimeout(r, 20));
  const later = makeService(db, { clock: () => clock.now() + 10 * 60_000 });
  expect((await later.recoverInterrupted()).sort()).toEqual(ps.map((p) => p.id).sort());
  await Promise.all(runs);
  for (const p of ps) expect((await service.get(p.id))!.status).toBe('unknown');
  return ps.map((p) => p.id);
}


describe.each(storeDrivers())('resolveUnknownRun ($name)', ({ setup }) => {
  let driver: StoreDriver;
  let db: Database;
  let clock: ReturnType<typeof manualClock>;
  let service: ProposalService;
  useProposalService(setup, (h) => ({ driver, db, clock, service } = h));

  it.each(['succeeded', 'failed'] as const)('resolves an unknown run as %s: execution and proposal, who/when/note, audited in the chain', async (outcome) => {
    const [id] = await makeUnknownRuns(db, service, clock, 1);
    const nowMs = clock.now() + 20 * 60_000;
    const resolved = await resolveUnknownRun(db, { proposalId: id!, outcome, by: 'UOPS1', note: '  checked deployment revision is v41 ', via: 'cli:alice', nowMs });
    expect(resolved).toMatchObject({ id, status: outcome, execution: { status: outcome, triggeredBy: 'UANY' }, updatedAtMs: nowMs });
    expect(resolved.statusReason).toBe(`resolved as ${outcome} by UOPS1 at ${new Date(nowMs).toISOString()} after the run was interrupted: checked deployment revision is v41`);
    expect(await service.get(id!)).toEqual(resolved);
    expect(await actions(db, id!)).toEqual(['proposal.submitted', 'approval.recorded', 'execution.started', 'execution.unknown', 'execution.finished-late', 'execution.resolved']);
    const [entry] = await db.query<{ actor: string; at: Date | string; details: Record<string, unknown> }>(
      `SELECT actor, at, details FROM audit_log WHERE action = 'execution.resolved' AND details->>'proposalId' = $1`,
      [id],
    );
    expect(entry!.actor).toBe('UOPS1');
    expect(new Date(entry!.at).getTime()).toBe(nowMs);
    expect(entry!.details).toMatchObject({
      result: outcome,
      previousStatus: 'unknown',
      resolvedBy: 'UOPS1',
      note: 'checked deployment revision is v41',
      via: 'cli:alice',
      target: resolved.target,
      channel: 'C1',
      interruptedReason: expect.stringMatching(/did not report a result before its deadline/),
    });
    // The resolved run is done: an approval does not run it again.
    expect((await service.approve(id!, { userId: 'UOTHER' })).outcome).toBe('already-done');
    const verified = await verifyAuditLog(db);
    expect(verified.ok).toBe(true);
  });

  it('refuses a second resolution, naming the status it now has, and changes nothing', async () => {
    const [id] = await makeUnknownRuns(db, service, clock, 1);
    await resolveUnknownRun(db, { proposalId: id!, outcome: 'failed', by: 'UOPS1', note: 'pods still on v40', nowMs: clock.now() });
    const before = await service.get(id!);
    const auditBefore = await actions(db, id!);
    const again = resolveUnknownRun(db, { proposalId: id!, outcome: 'succeeded', by: 'UOPS2', note: 'looks fine', nowMs: clock.now() + 1000 });
    await expect(again).rejects.toThrow(RunNotUnknownError);
    await expect(again).rejects.toThrow(/its status is failed, not unknown/);
    await expect(again).rejects.toMatchObject({ status: 'failed', code: 'RUN_NOT_UNKNOWN' });
    expect(await service.get(id!)).toEqual(before);
    expect(await actions(db, id!)).toEqual(auditBefore);
  });

  it('refuses proposals in any other status (the error names it) and unknown ids', async () => {
    const proposed = await service.submit(proposal('echo-args', { service: 'resolve-proposed', environment: 'production' }));
    const rejected = await service.submit(proposal('echo-args', { service: 'resolve-rejected', environment: 'staging' }));
    await service.reject(rejected.id, { userId: 'UANY' }, 'not now');
    const ran = await service.submit(proposal('echo-args', { service: 'resolve-ran', environment: 'staging' }));
    expect((await service.approve(ran.id, { userId: 'UANY' })).proposal.status).toBe('succeeded');
    for (const [id, status] of [[proposed.id, 'proposed'], [rejected.id, 'rejected'], [ran.id, 'succeeded']] as const) {
      const before = await service.get(id);
      const attempt = resolveUnknownRun(db, { proposalId: id, outcome: 'failed', by: 'UOPS1', note: 'checked', nowMs: clock.now() });
      await expect(attempt).rejects.toThrow(new RegExp(`cannot resolve ${id}: its status is ${status}, not unknown`));
      await expect(attempt).rejects.toMatchObject({ status });
      expect(await service.get(id)).toEqual(before);
      expect(await actions(db, id)).not.toContain('execution.resolved');
    }
    await expect(resolveUnknownRun(db, { proposalId: 'prop-nope', outcome: 'failed', by: 'UOPS1', note: 'checked', nowMs: clock.now() })).rejects.toThrow(/no proposal "prop-nope"/);
  });

  it('refuses a run that is still running', async () => {
    const p = await service.submit(proposal('sleep', { service: 'resolve-running', environment: 'staging', ms: '600' }));
    const run = service.approve(p.id, { userId: 'UANY' });
    while ((await service.get(p.id))!.status !== 'running') await new Promise((r) => setTimeout(r, 20));
    await expect(resolveUnknownRun(db, { proposalId: p.id, outcome: 'succeeded', by: 'UOPS1', note: 'checked', nowMs: clock.now() })).rejects.toThrow(
      /its status is running, not unknown — it is running \(started by UANY/,
    );
    expect((await run).proposal.status).toBe('succeeded');
  });

  it('needs who, what was checked, and one of the two outcomes', async () => {
    const [id] = await makeUnknownRuns(db, service, clock, 1);
    const base = { proposalId: id!, outcome: 'succeeded' as const, by: 'UOPS1', note: 'checked', nowMs: clock.now() };
    await expect(resolveUnknownRun(db, { ...base, by: '  ' })).rejects.toThrow(/--by/);
    await expect(resolveUnknownRun(db, { ...base, note: '' })).rejects.toThrow(/--note/);
    await expect(resolveUnknownRun(db, { ...base, outcome: 'unknown' as never })).rejects.toThrow(/succeeded or failed/);
    expect((await service.get(id!))!.status).toBe('unknown');
  });

  it('lets exactly one of several concurrent resolutions win, over separate connections', async () => {
    const ids = await makeUnknownRuns(db, service, clock, 2);
    // pg: each resolver its own pool (separate sessions); PGlite: one instance, as in production.
    const dbs = await Promise.all(Array.from({ length: 4 }, () => driver.open()));
    for (const id of ids) {
      const attempts = await Promise.allSettled(
        dbs.map((each, i) => resolveUnknownRun(each, { proposalId: id, outcome: i % 2 ? 'failed' : 'succeeded', by: `UOPS${i}`, note: `check ${i}`, nowMs: clock.now() + i })),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(lost).toHaveLength(3);
      for (const l of lost) expect(l.reason).toBeInstanceOf(RunNotUnknownError);
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof resolveUnknownRun>>>).value;
      expect(lost.every((l) => (l.reason as RunNotUnknownError).status === winner.status)).toBe(true);
      const [{ n }] = (await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'execution.resolved' AND details->>'proposalId' = $1`, [id])) as [{ n: string | number }];
      expect(Number(n)).toBe(1);
      const [exec] = await db.query<{ status: string }>('SELECT status FROM executions WHERE proposal_id = $1', [id]);
      expect(exec!.status).toBe(winner.status);
    }
  });
});
