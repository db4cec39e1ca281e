// Store benchmark: ingest of incidents (incidents/s) and similar-incident search over a large store
// (p50/p95 ms), on PGlite (temp dir) and on PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set.
//   node bin/run.js evals/bench/store-bench.ts [--incidents 10000] [--ingest 1000] [--queries 200] [--no-write]
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { embedReportLocally, LOCAL_EMBEDDER_NAME } from '../../src/analysis/local-hash-embedder.ts';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import { RootCauseKindSchema, type Incident, type Report } from '../../src/domain/index.ts';
import { readBundle } from '../../src/ingest/index.ts';
import type { Database } from '../../src/store/database.ts';
import { findSimilarIncidents } from '../../src/store/incident-embeddings.ts';
import { saveIncidentReport } from '../../src/store/incident-store.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { gitRevision } from '../lib/git-revision.ts';
import { replaceMarkedSection } from '../lib/replace-marked-section.ts';
import { Rng } from '../generate/rng.ts';
import { percentile } from './percentile.ts';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '10000' },
    ingest: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '200' },
    'no-write': { type: 'boolean', default: false },
  },
});
const totalIncidents = Number(values.incidents);
const ingestCount = Math.min(Number(values.ingest), totalIncidents);
const queryCount = Number(values.queries);
for (const [name, n] of [['--incidents', totalIncidents], ['--ingest', ingestCount], ['--queries', queryCount]] as const) {
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`store-bench: ${name} must be a whole number ≥ 1\n`);
    process.exit(2);
  }
}

/** A handful of analyzed scenarios: every synthetic incident is one of them with its details varied. */
const SCENARIO_DIR = 'evals/scenarios';
const BASE_COUNT = 12;
const KINDS = RootCauseKindSchema.options;
/** Signals kept per report of the fill phase (the timed ingest keeps every signal). */
const FILL_SIGNALS = 12;

interface Base { incident: Incident; report: Report }

async function loadBases(): Promise<Base[]> {
  const dirs = (await readdir(SCENARIO_DIR)).sort().slice(0, BASE_COUNT).map((d) => join(SCENARIO_DIR, d));
  const bases: Base[] = [];
  for (const dir of ['examples/demo-incident', ...dirs]) {
    const [{ incident }, report] = await Promise.all([readBundle(dir), analyzeBundleDir(dir)]);
    bases.push({ incident, report });
  }
  return bases;
}

/** Incident `i`: a base incident with another id, root cause kind, services and time, so embeddings spread. */
function synthesize(bases: readonly Base[], i: number, rng: Rng, maxSignals?: number): Base {
  const base = bases[i % bases.length]!;
  const id = `BENCH-${i}`;
  const shard = rng.int(0, 40);
  const rename = (service: string) => `${service}-${shard}`;
  const kind = KINDS[rng.int(0, KINDS.length - 1)]!;
  const openedAt = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 3_600_000).toISOString();
  const signals = (maxSignals ? base.report.signals.slice(0, maxSignals) : base.report.signals).map((s, j) => ({
    ...s,
    service: rename(s.service),
    kind: j === 0 ? kind : s.kind,
  }));
  const rootCauses = base.report.rootCauses.map((r, j) => (j === 0 ? { ...r, service: rename(r.service), kind } : { ...r, service: rename(r.service) }));
  return {
    incident: { ...base.incident, id, openedAt, resolvedAt: openedAt, services: base.incident.services.map(rename) },
    report: { ...base.report, incidentId: id, title: `${base.report.title} #${i}`, signals, rootCauses },
  };
}


interface DriverFigures {
  driver: string;
  ingestCount: number;
  ingestSeconds: number;
  ingestPerSecond: number;
  storedIncidents: number;
  fillSeconds: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

async function benchDriver(name: string, db: Database, bases: readonly Base[]): Promise<DriverFigures> {
  await migrate(db);
  const rng = new Rng(20260304);
  process.stderr.write(`[${name}] ingesting ${ingestCount} incidents (full reports)…\n`);
  const t0 = performance.now();
  for (let i = 0; i < ingestCount; i++) {
    const { incident, report } = synthesize(bases, i, rng);
    await saveIncidentReport(db, incident, report, `bench/${i}`);
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(`[${name}] ${ingestCount} in ${ingestSeconds.toFixed(1)} s; filling to ${totalIncidents} (≤ ${FILL_SIGNALS} signals each)…\n`);
  const t1 = performance.now();
  for (let i = ingestCount; i < totalIncidents; i++) {
    const { incident, report } = synthesize(bases, i, rng, FILL_SIGNALS);
    await saveIncidentReport(db, incident, report, `bench/${i}`);
    if ((i + 1) % 2000 === 0) process.stderr.write(`[${name}]   ${i + 1}\n`);
  }
  const fillSeconds = (performance.now() - t1) / 1000;
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM embeddings')) as [{ n: number }];

  // Queries are new incidents (not stored), as `opsight similar <bundle>` and the retro ask.
  const queryRng = new Rng(77);
  for (let i = 0; i < 10; i++) await findSimilarIncidents(db, embedReportLocally(synthesize(bases, 1_000_000 + i, queryRng).report), LOCAL_EMBEDDER_NAME, { limit: 5 });
  const times: number[] = [];
  for (let i = 0; i < queryCount; i++) {
    const embedding = embedReportLocally(synthesize(bases, 2_000_000 + i, queryRng).report);
    const start = performance.now();
    const found = await findSimilarIncidents(db, embedding, LOCAL_EMBEDDER_NAME, { limit: 5 });
    times.push(performance.now() - start);
    if (found.length !== 5) throw new Error(`[${name}] search returned ${found.length} incidents, expected 5`);
  }
  times.sort((a, b) => a - b);
  return {
    driver: name,
    ingestCount,
    ingestSeconds,
    ingestPerSecond: ingestCount / ingestSeconds,
    storedIncidents: n,
    fillSeconds,
    queries: queryCount,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times[times.length - 1]!,
  };
}

async function main(): Promise<void> {
  process.stderr.write(`analyzing ${BASE_COUNT + 1} scenarios to derive synthetic incidents from…\n`);
  const bases = await loadBases();
  const figures: DriverFigures[] = [];

  const dir = await mkdtemp(join(tmpdir(), 'opsight-store-bench-'));
  try {
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      figures.push(await benchDriver('pglite', db, bases));
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    const schema = `opsight_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    try {
      const db = await openDatabase({ databaseUrl: url, searchPath: `"${schema}", public` });
      try {
        figures.push(await benchDriver('pg (PostgreSQL 15 + pgvector)', db, bases));
      } finally {
        await db.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    }
  } else {
    process.stderr.write('no TEST_DATABASE_URL/DATABASE_URL: PostgreSQL skipped\n');
  }

  const table = [
    '| driver | ingest (full reports) | incidents/s | stored incidents | similar search p50 | p95 | max | target p95 < 50 ms |',
    '|---|---|---|---|---|---|---|---|',
    ...figures.map((f) =>
      `| ${f.driver} | ${f.ingestCount} in ${f.ingestSeconds.toFixed(1)} s | ${f.ingestPerSecond.toFixed(0)} | ${f.storedIncidents} | ${f.p50Ms.toFixed(1)} ms | ${f.p95Ms.toFixed(1)} ms | ${f.maxMs.toFixed(1)} ms | ${f.p95Ms < 50 ? 'met' : 'missed'} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (values['no-write']) return;

  const body = [
    '## Store',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} at ${gitRevision() ?? 'unknown revision'} with \`node bin/run.js evals/bench/store-bench.ts --incidents ${totalIncidents} --ingest ${ingestCount}\`.`,
    '',
    table,
    '',
    `- Ingest: \`saveIncidentReport\` one incident at a time (one transaction each: incident, report \`jsonb\`, one row per signal, the local embedding), reports of ${BASE_COUNT + 1} analyzed scenarios with ids, services and root-cause kinds varied; ~${Math.round(avgSignals())} signals each.`,
    `- Search: ${queryCount} \`findSimilarIncidents\` calls (top 5, HNSW cosine index, \`ef_search\` 40) with embeddings of new incidents not in the store, after 10 warm-up calls; the remaining incidents were stored with at most ${FILL_SIGNALS} signals each to fill the store faster (search reads only embeddings and the latest report).`,
    '- The machine is shared (2 cores) with other work running; PGlite runs in this process, PostgreSQL locally over TCP.',
  ].join('\n');
  const path = 'evals/BENCH.md';
  const text = await readFile(path, 'utf8').catch(() => '');
  await writeFile(path, replaceMarkedSection(text, 'store', body));
  process.stderr.write(`wrote the store section of ${path}\n`);

  function avgSignals(): number {
    return bases.reduce((sum, b) => sum + b.report.signals.length, 0) / bases.length;
  }
}

await main();
