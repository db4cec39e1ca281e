import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorSettingsSchema } from '../executor/executor-settings.ts';
import { ApprovalPolicySchema } from '../executor/approval-policy.ts';
import { defaultCommandCatalog } from '../executor/command-catalog.ts';
import { createProposalService } from '../executor/proposal-service.ts';
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

  it.each([[['proposals']], [['proposals', 'show']], [['proposals', 'list', '--status', 'done']], [['proposals', 'list', '--format', 'xml']]])('rejects bad usage %j', async (argv) => {
    const c = captureIo();
    expect(await runCli(argv, c.io, env)).toBe(2);
    expect(c.err()).toMatch(/^opsight proposals: /);
  });
});
