import { afterEach, beforeEach, expect } from 'vitest';
import { verifyAuditLog } from '../../src/audit/audit-log.ts';
import { ApprovalPolicySchema } from '../../src/executor/approval-policy.ts';
import { buildCatalog, defaultCommandCatalog } from '../../src/executor/command-catalog.ts';
import { ExecutorSettingsSchema } from '../../src/executor/executor-settings.ts';
import { createProposalService, type ProposalService, type ProposalSubmission } from '../../src/executor/proposal-service.ts';
import type { Database } from '../../src/store/database.ts';
import type { StoreDriver } from '../store/store-drivers.ts';
import { useMigratedStore, type MigratedStore } from '../store/use-migrated-store.ts';

/** Prints its argv as JSON: a harmless program that shows exactly what it received. */
const PRINT_ARGV = 'console.log(JSON.stringify(process.argv.slice(1)))';
/** Sleeps argv[1] ms, then prints "done". */
const SLEEP = 'setTimeout(() => console.log("done"), Number(process.argv[1]))';

const common = {
  service: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
  environment: { type: 'enum', values: ['development', 'staging', 'production'] },
};

/** The default catalog plus local commands tests can really run (node, a 127.0.0.1 webhook). */
export function testCatalog(hookUrl = 'http://127.0.0.1:9/unused') {
  return buildCatalog(
    'test',
    {
      'echo-args': {
        description: 'prints its argv',
        risk: 'low',
        args: { ...common, note: { type: 'string', pattern: '^[^\\n]{1,200}$', required: false, default: 'none' } },
        timeoutSeconds: 10,
        adapter: { type: 'process', argv: [process.execPath, '-e', PRINT_ARGV, '{service}', '{note}'], dryRunArgv: [process.execPath, '-e', PRINT_ARGV, 'dry-run', '{service}', '{note}'] },
      },
      sleep: {
        description: 'sleeps',
        risk: 'low',
        args: { ...common, ms: { type: 'number', min: 0, max: 60000, integer: true } },
        timeoutSeconds: 1,
        adapter: { type: 'process', argv: [process.execPath, '-e', SLEEP, '{ms}'] },
      },
      hook: {
        description: 'webhook',
        risk: 'medium',
        args: { ...common, factor: { type: 'number', min: 0.1, max: 10 } },
        timeoutSeconds: 2,
        adapter: {
          type: 'http',
          url: `${hookUrl}/{service}`,
          headers: { Authorization: { env: 'TEST_HOOK_TOKEN', prefix: 'Bearer ' } },
          body: { service: '{service}', environment: '{environment}', factor: '{factor}' },
          dryRunBody: { service: '{service}', environment: '{environment}', factor: '{factor}', dryRun: true },
        },
      },
    },
    defaultCommandCatalog(),
  );
}

/** Team leads ULEAD1/ULEAD2 (and group SLEADS), on-call UONCALL; two approvals for echo-args in production. */
export const testPolicy = ApprovalPolicySchema.parse({
  roles: { 'team-lead': { users: ['ULEAD1', 'ULEAD2'], groups: ['SLEADS'] }, 'on-call': { users: ['UONCALL'] } },
  rules: [{ commands: ['echo-args'], environments: ['production'], approvals: 2, roles: ['team-lead', 'on-call'] }],
});

/** A clock tests move by hand. */
export function manualClock(startMs = Date.UTC(2026, 10, 29, 12)) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
}

export function makeService(db: Database, options: { clock?: () => number; hookUrl?: string; rateLimit?: number; env?: NodeJS.ProcessEnv } = {}): ProposalService {
  return createProposalService({
    db,
    catalog: testCatalog(options.hookUrl),
    policy: testPolicy,
    settings: ExecutorSettingsSchema.parse({ rateLimit: { approvals: options.rateLimit ?? 1000, windowMinutes: 10 }, maxOutputChars: 2000 }),
    env: options.env ?? { PATH: process.env.PATH },
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

let seq = 0;
/** A proposal as the analysis would make it. */
export function proposal(command: string, args: Record<string, string>, extra: Partial<ProposalSubmission> = {}): ProposalSubmission {
  seq += 1;
  return { id: `INC-1:p${seq}`, command, args, risk: 'low', requiresApproval: true, rationale: 'test', incidentId: 'INC-1', channel: 'C1', threadTs: '1700000000.000100', proposedBy: 'opsight', ...extra };
}

/** The audit actions recorded for one proposal, oldest first. */
export async function auditActions(db: Database, proposalId: string): Promise<string[]> {
  return (await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE details->>'proposalId' = $1 ORDER BY id`, [proposalId])).map((r) => r.action);
}

/** What `useProposalService` hands each test: the store, a fresh manual clock and a service on them. */
export interface ProposalServiceHarness {
  driver: StoreDriver;
  db: Database;
  clock: ReturnType<typeof manualClock>;
  service: ProposalService;
}

/**
 * For one `describe.each(storeDrivers())` block: one migrated store for the whole block, and before each
 * test a fresh manual clock and proposal service, handed to `assign`; after each test the audit chain
 * must still verify.
 */
export function useProposalService(setup: () => Promise<StoreDriver>, assign: (harness: ProposalServiceHarness) => void): void {
  let store: MigratedStore;
  useMigratedStore(setup, (opened) => { store = opened; }, 'all');
  beforeEach(() => {
    const clock = manualClock();
    assign({ ...store, clock, service: makeService(store.db, { clock: clock.now }) });
  });
  afterEach(async () => {
    expect(await verifyAuditLog(store.db)).toMatchObject({ ok: true });
  });
}
