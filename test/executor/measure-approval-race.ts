/**
 * Prints figures for the executor's central promises: N concurrent Approve clicks on one proposal
 * (spread over several connections, like several processes) produce exactly one execution, and how
 * long the clicks and an audit-log verification take. PGlite always; PostgreSQL too when
 * TEST_DATABASE_URL is set.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bin/run.js test/executor/measure-approval-race.ts
 */
import { appendAudit, verifyAuditLog } from '../../src/audit/audit-log.ts';
import { migrate } from '../../src/store/migrate.ts';
import pg from 'pg';
import type { Database } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { makeService, proposal } from './service-fixture.ts';

const CLICKS = Number(process.env.CLICKS ?? 100);

/** Fresh stores: PGlite in memory; PostgreSQL in a schema of its own (dropped after). */
function drivers() {
  const list: Array<{ name: string; setup: () => Promise<{ open: () => Promise<Database>; teardown: () => Promise<void> }> }> = [
    { name: 'pglite', setup: async () => { const db = await openDatabase({}); return { open: async () => db, teardown: () => db.close() }; } },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'pg',
      setup: async () => {
        const schema = `opsight_measure_${process.pid}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA "${schema}"`);
        const opened: Database[] = [];
        return {
          open: async () => { const db = await openDatabase({ databaseUrl: url, searchPath: `"${schema}", public` }); opened.push(db); return db; },
          teardown: async () => { await Promise.all(opened.map((d) => d.close())); await admin.query(`DROP SCHEMA "${schema}" CASCADE`); await admin.end(); },
        };
      },
    });
  }
  return list;
}

for (const { name, setup } of drivers()) {
  const driver = await setup();
  try {
    const db = await driver.open();
    await migrate(db);
    const connections = name === 'pg' ? await Promise.all([0, 1, 2, 3].map(() => driver.open())) : [db];
    const services = connections.map((c) => makeService(c));
    const p = await services[0]!.submit(proposal('echo-args', { service: 'api', environment: 'staging' }));
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) => services[i % services.length]!.approve(p.id, { userId: `UCLICK${i}` })),
    );
    const clickMs = performance.now() - t0;
    const outcomes: Record<string, number> = {};
    for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const [row] = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM executions WHERE proposal_id = $1', [p.id]);
    const APPENDS = Number(process.env.APPENDS ?? 2000);
    const ta = performance.now();
    for (let i = 0; i < APPENDS; i++) {
      await db.transaction((tx) => appendAudit(tx, { actor: 'UBENCH', action: 'bench', details: { i, proposalId: p.id }, atMs: Date.now() }));
    }
    const appendMs = (performance.now() - ta) / APPENDS;
    const t1 = performance.now();
    const verified = await verifyAuditLog(db);
    const verifyMs = performance.now() - t1;
    console.log(
      `${name}: ${CLICKS} concurrent clicks over ${connections.length} connection(s) → ${Number(row?.n)} execution(s); outcomes ${JSON.stringify(outcomes)}; ` +
        `all clicks answered in ${clickMs.toFixed(0)} ms; audit append ${appendMs.toFixed(2)} ms each; verify ${verified.ok ? 'ok' : 'BROKEN'} over ${verified.entries} entries in ${verifyMs.toFixed(1)} ms`,
    );
  } finally {
    await driver.teardown();
  }
}
