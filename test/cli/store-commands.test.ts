import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIo as capture } from '../../src/cli/testing/capture-io.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { getLatestReport } from '../../src/store/incident-store.ts';
import { MIGRATIONS_DIR } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';

const DEMO = 'examples/demo-incident';
const ONLY_INCIDENT = 'test/fixtures/ingest/only-incident';
const MIGRATIONS = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();

describe('opsight migrate / ingest (PGlite in OPSIGHT_DATA_DIR)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-cli-store-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data') };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates once, then reports the schema as up to date', async () => {
    const first = capture();
    expect(await runCli(['migrate'], first.io, env)).toBe(0);
    expect(first.out()).toBe(`applied ${MIGRATIONS.join(', ')} (pglite)\n`);
    expect(MIGRATIONS[0]).toBe('0001_initial.sql');
    const second = capture();
    expect(await runCli(['migrate'], second.io, env)).toBe(0);
    expect(second.out()).toBe('schema up to date (pglite)\n');
  });

  it('ingests several bundles and stores each incident with its report', async () => {
    const c = capture();
    expect(await runCli(['ingest', DEMO, ONLY_INCIDENT], c.io, env)).toBe(0);
    expect(c.out().trim().split('\n')).toHaveLength(2);
    expect(c.err()).toContain('[2/2] ingesting');

    const db = await openDatabase({ dataDir: env.OPSIGHT_DATA_DIR! });
    try {
      for (const bundleDir of [DEMO, ONLY_INCIDENT]) {
        const [{ incident }, report] = await Promise.all([readBundle(bundleDir), analyzeBundleDir(bundleDir)]);
        expect(await getLatestReport(db, incident.id)).toEqual(JSON.parse(JSON.stringify(report)));
      }
    } finally {
      await db.close();
    }
  });

  it('stores the good bundles and exits 2 naming the bad one', async () => {
    const c = capture();
    expect(await runCli(['ingest', '/nonexistent/bundle', DEMO], c.io, env)).toBe(2);
    expect(c.err()).toMatch(/nonexistent/);
    expect(c.out()).toMatch(/^stored /);
  });

  it('lists similar incidents by stored id and for a bundle that is not stored', async () => {
    const OTHER = 'evals/scenarios/01_config-payments'; // a bundle that is never ingested here
    expect(await runCli(['ingest', DEMO, ONLY_INCIDENT], capture().io, env)).toBe(0);
    const [demo, other, only] = await Promise.all([DEMO, OTHER, ONLY_INCIDENT].map((d) => readBundle(d)));

    const byId = capture();
    expect(await runCli(['similar', demo!.incident.id, '--format', 'json'], byId.io, env)).toBe(0);
    const output = JSON.parse(byId.out()) as { incidentId: string; embedder: string; similar: Array<{ incidentId: string; similarity: number }> };
    expect(output).toMatchObject({ incidentId: demo!.incident.id, embedder: 'local-hash-v1' });
    expect(output.similar.map((s) => s.incidentId)).toEqual([only!.incident.id]);

    const byDir = capture();
    expect(await runCli(['similar', OTHER, '--format', 'text', '--limit', '1'], byDir.io, env)).toBe(0);
    const lines = byDir.out().trimEnd().split('\n');
    expect(lines[0]).toBe(`Incidents similar to ${other!.incident.id} (local-hash-v1, cosine similarity):`);
    expect(lines[1]).toMatch(/^ {2}-?\d\.\d\d {2}INC-\S+ {2}\S/);
    expect(lines[2]).toMatch(/^ +root cause: .+; proposed fix: .+$/);
    expect(lines).toHaveLength(3);
    // The bundle was only compared, not stored.
    const db = await openDatabase({ dataDir: env.OPSIGHT_DATA_DIR! });
    try {
      expect(await getLatestReport(db, other!.incident.id)).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it.each([
    [['similar', 'INC-NOPE'], {}, /no incident "INC-NOPE".*opsight ingest/],
    [['similar'], {}, /exactly one incident id or bundle directory, got 0/],
    [['similar', 'X', '--limit', 'many'], {}, /--limit must be a whole number/],
    [['similar', 'X', '--format', 'markdown'], {}, /--format must be one of text, json/],
    [['ingest'], {}, /at least one bundle/],
    [['migrate', 'extra'], {}, /takes no arguments/],
    [['migrate'], { DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [['migrate'], { DATABASE_URL: 'postgres://me:hunter2@127.0.0.1:1/db' }, /cannot reach PostgreSQL at postgres:\/\/me@127\.0\.0\.1:1\/db/],
  ])('%j with %j exits 2 with a clear message', async (argv, extraEnv, message) => {
    const c = capture();
    expect(await runCli(argv, c.io, { ...env, ...extraEnv })).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err()).not.toContain('hunter2');
  });
});
