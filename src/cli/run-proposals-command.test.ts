import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorSettingsSchema } from '../executor/executor-settings.ts';
import { ApprovalPolicySchema } from '../executor/approval-policy.ts';
import { defaultCommandCatalog } from '../executor/command-catalog.ts';
import { createProposalService } from '../executor/proposal-service.ts';
import type { ProposalService } from '../executor/proposal-service.ts';
import type { Database } from '../store/database.ts';
import { makeService, proposal } from '../../test/executor/service-fixture.ts';
import { runCli } from './main.ts';
import { captureIo } from './testing/capture-io.ts';
import { seedDataDirStore } from './testing/seed-data-dir-store.ts';

describe('opsight proposals list / show', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let ids: string[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-proposals-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data') };
    await seedDataDirStore(env.OPSIGHT_DATA_DIR!, async (db) => {
      const service = createProposalService({ db, catalog: defaultCommandCatalog(), policy: ApprovalPolicySchema.parse({}), settings: ExecutorSettingsSchema.parse({}) });
      const base = { risk: 'low' as const, requiresApproval: true as const, rationale: 'undo the deploy', proposedBy: 'opsight', channel: 'C42', threadTs: '1.2' };
      const a = await service.submit({ ...base, id: 'INC-1:p1', incidentId: 'INC-1', command: 'rollback', args: { service: 'api', environment: 'production' } });
      const b = await service.submit({ ...base, id: 'INC-2:p1', incidentId: 'INC-2', command: 'restart', args: { service: 'web', environment: 'staging' } });
      await service.reject(b.id, { userId: 'UANY' }, 'not now');
      ids = [a.id, b.id];
    });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists proposals, filtered by status and incident', async () => {
    const all = captureIo();
    expect(await runCli(['proposals', 'list'], all.io, env)).toBe(0);
    expect(all.out().trimEnd().split('\n')).toHaveLength(2);
    const rejected = captureIo();
    expect(await runCli(['proposals', 'list', '--status', 'rejected'], rejected.io, env)).toBe(0);
    expect(rejected.out()).toMatch(new RegExp(`^${ids[1]}  rejected   INC-2  restart (?=.*service=web)(?=.*environment=staging)(?=.*namespace=staging)`));
    const json = captureIo();
    expect(await runCli(['proposals', 'list', '--incident', 'INC-1', '--format', 'json'], json.io, env)).toBe(0);
    expect((JSON.parse(json.out()) as Array<{ id: string }>).map((p) => p.id)).toEqual([ids[0]]);
  });

  it('shows one proposal with who may approve it', async () => {
    const c = captureIo();
    expect(await runCli(['proposals', 'show', ids[0]!], c.io, env)).toBe(0);
    expect(c.out()).toContain('needs:      one on-call engineer or team lead');
    expect(c.out()).toContain('incident:   INC-1 (channel C42, thread 1.2)');
    const missing = captureIo();
    expect(await runCli(['proposals', 'show', 'prop-nope'], missing.io, env)).toBe(2);
    expect(missing.err()).toMatch(/no proposal "prop-nope"/);
  });

  it.each([[['proposals']], [['proposals', 'show']], [['proposals', 'list', '--status', 'done']], [['proposals', 'list', '--format', 'xml']], [['proposals', 'list', '--by', 'UOPS1']], [['proposals', 'frobnicate']]])('rejects bad usage %j', async (argv) => {
    const c = captureIo();
    expect(await runCli(argv, c.io, env)).toBe(2);
    expect(c.err()).toMatch(/^opsight proposals: /);
  });
});

/** Runs slow commands and "crashes" mid-run: a later process marks them `unknown`, as after a restart. */
async function seedUnknownRuns(db: Database, service: ProposalService, services: string[]): Promise<string[]> {
  const ps = await Promise.all(services.map((service_) => service.submit(proposal('sleep', { service: service_, environment: 'staging', ms: '800' }))));
  const runs = ps.map((p) => service.approve(p.id, { userId: 'UANY' }));
  for (const p of ps) while ((await service.get(p.id))!.status !== 'running') await new Promise((r) => setTimeout(r, 20));
  await makeService(db, { clock: () => Date.now() + 10 * 60_000 }).recoverInterrupted();
  await Promise.all(runs);
  for (const p of ps) expect((await service.get(p.id))!.status).toBe('unknown');
  return ps.map((p) => p.id);
}

describe('opsight proposals resolve', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let unknown: string[];
  let rejected: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-resolve-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data'), USER: 'alice' };
    await seedDataDirStore(env.OPSIGHT_DATA_DIR!, async (db) => {
      const service = makeService(db);
      unknown = await seedUnknownRuns(db, service, ['api', 'web', 'worker']);
      const r = await service.submit(proposal('echo-args', { service: 'db', environment: 'staging' }));
      await service.reject(r.id, { userId: 'UANY' }, 'not now');
      rejected = r.id;
    });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cli = async (...argv: string[]) => {
    const c = captureIo();
    const code = await runCli(argv, c.io, env);
    return { code, out: c.out(), err: c.err() };
  };
  const statusOf = async (id: string) => (JSON.parse((await cli('proposals', 'show', id, '--format', 'json')).out) as { status: string; statusReason: string; execution: { status: string } });

  it('lists the unknown runs with --status unknown', async () => {
    const listed = await cli('proposals', 'list', '--status', 'unknown', '--format', 'json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as Array<{ id: string }>).map((p) => p.id).sort()).toEqual([...unknown].sort());
  });

  it('resolves an unknown run as succeeded, then refuses to resolve it again, naming its status', async () => {
    const id = unknown[0]!;
    const done = await cli('proposals', 'resolve', id, '--outcome', 'succeeded', '--by', 'UOPS1', '--note', 'checked deployment revision is v41');
    expect(done).toMatchObject({ code: 0, err: '' });
    expect(done.out).toBe(`${id}: resolved as succeeded by UOPS1 (was unknown); audited as execution.resolved\n`);
    const shown = await statusOf(id);
    expect(shown).toMatchObject({ status: 'succeeded', execution: { status: 'succeeded' } });
    expect(shown.statusReason).toMatch(/^resolved as succeeded by UOPS1 at .* after the run was interrupted: checked deployment revision is v41$/);

    const again = await cli('proposals', 'resolve', id, '--outcome', 'failed', '--by', 'UOPS2', '--note', 'second look');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(new RegExp(`^opsight: cannot resolve ${id}: its status is succeeded, not unknown`));
    expect(again.out).toBe('');
    expect(await statusOf(id)).toMatchObject({ status: 'succeeded', execution: { status: 'succeeded' } });
  });

  it('resolves an unknown run as failed (json output)', async () => {
    const id = unknown[1]!;
    const done = await cli('proposals', 'resolve', id, '--outcome', 'failed', '--by', 'UOPS2', '--note', 'pods still run v40', '--format', 'json');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ id, status: 'failed', execution: { status: 'failed' } });
    expect((await cli('proposals', 'list', '--status', 'failed')).out).toContain(id);
  });

  it('refuses a proposal that is not unknown, naming its status, and changes nothing', async () => {
    const refused = await cli('proposals', 'resolve', rejected, '--outcome', 'succeeded', '--by', 'UOPS1', '--note', 'checked');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(new RegExp(`cannot resolve ${rejected}: its status is rejected, not unknown`));
    expect(await statusOf(rejected)).toMatchObject({ status: 'rejected' });
    const missing = await cli('proposals', 'resolve', 'prop-nope', '--outcome', 'succeeded', '--by', 'UOPS1', '--note', 'checked');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no proposal "prop-nope"/);
  });

  it.each([
    [['--outcome', 'succeeded', '--note', 'checked'], /--by is required/],
    [['--outcome', 'succeeded', '--by', 'UOPS1'], /--note is required/],
    [['--outcome', 'succeeded', '--by', 'UOPS1', '--note', '   '], /--note is required/],
    [['--by', 'UOPS1', '--note', 'checked'], /--outcome must be succeeded or failed/],
    [['--outcome', 'unknown', '--by', 'UOPS1', '--note', 'checked'], /--outcome must be succeeded or failed, got unknown/],
    [['--outcome', 'succeeded', '--by', 'UOPS1', '--note', 'checked', '--status', 'unknown'], /--status and --incident are for list/],
    [['--outcome', 'succeeded', '--by'], /--by/],
  ])('refuses bad usage %j with exit 2 and the usage line, changing nothing', async (flags, why) => {
    const id = unknown[2]!;
    const c = await cli('proposals', 'resolve', id, ...flags);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/^opsight proposals: /);
    expect(c.err).toMatch(why);
    expect(c.err).toContain('opsight proposals resolve <id> --outcome succeeded|failed --by <user> --note "<what you checked>"');
    expect(await statusOf(id)).toMatchObject({ status: 'unknown', execution: { status: 'unknown' } });
  });

  it('refuses resolve without exactly one id', async () => {
    for (const argv of [['proposals', 'resolve', '--outcome', 'failed', '--by', 'U1', '--note', 'n'], ['proposals', 'resolve', 'a', 'b', '--outcome', 'failed', '--by', 'U1', '--note', 'n']]) {
      const c = await cli(...argv);
      expect(c.code).toBe(2);
      expect(c.err).toMatch(/^opsight proposals: resolve takes exactly one proposal id/);
    }
  });

  it('keeps the audit chain verifiable, with who resolved and what they checked', async () => {
    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(0);
    const exported = await cli('audit', 'export', '--since', '24h');
    const resolved = exported.out.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string; details: Record<string, unknown> }).filter((e) => e.action === 'execution.resolved');
    expect(resolved.map((e) => [e.details.proposalId, e.actor, e.details.result, e.details.note, e.details.via])).toEqual([
      [unknown[0], 'UOPS1', 'succeeded', 'checked deployment revision is v41', 'cli:alice'],
      [unknown[1], 'UOPS2', 'failed', 'pods still run v40', 'cli:alice'],
    ]);
  });
});
