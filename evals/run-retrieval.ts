// `npm run eval:retrieval [-- --count N] [--seed-base B] [--no-write]`: generates the held-out scenarios, analyzes and
// stores each in an in-memory PGlite store (which also stores its local embedding), asks for the 3
// nearest other incidents of each, and reports precision@3 against truth.json. Updates the
// `retrieval` section of evals/RESULTS.md. Tune the embedder with `--seed-base 0 --no-write` (seeds 1..N,
// written to a temp dir), never on the held-out seeds.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeBundleDir } from '../src/cli/analyze-bundle-dir.ts';
import { LOCAL_EMBEDDER_NAME } from '../src/analysis/local-hash-embedder.ts';
import { readBundle } from '../src/ingest/index.ts';
import { findSimilarIncidents, getIncidentEmbedding } from '../src/store/incident-embeddings.ts';
import { saveIncidentReport } from '../src/store/incident-store.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { generateScenario } from './generate/generate-scenario.ts';
import { writeScenario } from './generate/write-scenario.ts';
import { replaceMarkedSection } from './lib/replace-marked-section.ts';
import { TruthSchema, type Truth } from './score/truth-schema.ts';
import { gitRevision } from './lib/git-revision.ts';

/** The held-out seeds of `npm run eval` (evals/run-eval.ts); importing that script would run it. */
const HeldOutSeedBase = 900_000;
const K = 3;
const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const countArg = args.indexOf('--count');
const count = countArg >= 0 ? Number(args[countArg + 1]) : 150;
const seedArg = args.indexOf('--seed-base');
const seedBase = seedArg >= 0 ? Number(args[seedArg + 1]) : HeldOutSeedBase;
const heldOut = seedBase === HeldOutSeedBase;
const write = heldOut && !args.includes('--no-write');

const started = performance.now();
const out = heldOut ? join(root, 'evals', 'generated') : await mkdtemp(join(tmpdir(), 'opsight-retrieval-'));
await mkdir(out, { recursive: true });
const db = await openDatabase({});
await migrate(db);
const truthById = new Map<string, Truth>();
let failed = 0;
let duplicates = 0;
for (let i = 1; i <= count; i++) {
  const seed = seedBase + i;
  const dir = join(out, String(seed));
  await writeScenario(dir, generateScenario(seed));
  try {
    const [bundle, report] = await Promise.all([readBundle(dir), analyzeBundleDir(dir)]);
    if (truthById.has(bundle.incident.id)) {
      duplicates++; // the generator draws ids at random; a second incident would overwrite the first
      continue;
    }
    await saveIncidentReport(db, bundle.incident, report, dir);
    truthById.set(bundle.incident.id, TruthSchema.parse(JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8'))));
  } catch (error) {
    failed++;
    process.stderr.write(`failed: ${dir}: ${(error as Error).message}\n`);
  }
}

let sameKind = 0;
let sameServiceKind = 0;
let retrieved = 0;
const byKind = new Map<string, { queries: number; sameKind: number; retrieved: number }>();
for (const [id, truth] of truthById) {
  const embedding = await getIncidentEmbedding(db, id, LOCAL_EMBEDDER_NAME);
  if (!embedding) throw new Error(`no embedding stored for ${id}`);
  const similar = await findSimilarIncidents(db, embedding, LOCAL_EMBEDDER_NAME, { limit: K, excludeIncidentId: id });
  const group = byKind.get(truth.rootCause.kind) ?? { queries: 0, sameKind: 0, retrieved: 0 };
  group.queries++;
  for (const hit of similar) {
    const other = truthById.get(hit.incidentId)!.rootCause;
    const kindMatch = other.kind === truth.rootCause.kind;
    retrieved++;
    group.retrieved++;
    if (kindMatch) {
      sameKind++;
      group.sameKind++;
    }
    if (kindMatch && other.service === truth.rootCause.service) sameServiceKind++;
  }
  byKind.set(truth.rootCause.kind, group);
}
await db.close();
if (!heldOut) await rm(out, { recursive: true, force: true });

// The best any ranking could do for "same service and kind": few scenarios share both.
let attainable = 0;
for (const [id, truth] of truthById) {
  const peers = [...truthById].filter(
    ([other, t]) => other !== id && t.rootCause.kind === truth.rootCause.kind && t.rootCause.service === truth.rootCause.service,
  ).length;
  attainable += Math.min(K, peers);
}

// Precision@3 divides by K per query (a short list counts its missing places as misses).
const queries = truthById.size;
const p = (hits: number) => (queries ? hits / (queries * K) : 0);
const date = new Date().toISOString().slice(0, 10);
const seconds = (performance.now() - started) / 1000;
const body = [
  `## Similar-incident retrieval (${heldOut ? 'held-out' : 'tuning'} scenarios, \`npm run eval:retrieval\`)`,
  '',
  `Run ${date} at \`${gitRevision() ?? 'unknown'}\`, seeds ${seedBase + 1}–${seedBase + count}, ${queries} incidents stored ` +
    `(${failed} failed to analyze, ${duplicates} skipped as a repeated incident id), embedder \`${LOCAL_EMBEDDER_NAME}\`, ${retrieved} neighbours retrieved; ${seconds.toFixed(0)} s. ` +
    'Each incident is analyzed and stored in an in-memory PGlite store; its 3 nearest other incidents (pgvector cosine ' +
    'distance, HNSW index) are compared with truth.json. The embedding sees only the report, never the truth.',
  '',
  `**precision@3 same root-cause kind ${p(sameKind).toFixed(3)}, same service and kind ${p(sameServiceKind).toFixed(3)}.**`,
  '',
  `The best attainable "same service and kind" is ${p(attainable).toFixed(3)}: only that share of the 3 places can be filled ` +
    'with an incident of the same true service and kind, as few scenarios share both.',
  '',
  '| true kind | incidents | precision@3 same kind |',
  '|---|---:|---:|',
  ...[...byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, g]) => `| ${kind} | ${g.queries} | ${(g.sameKind / (g.queries * K)).toFixed(2)} |`),
].join('\n');
process.stdout.write(`${body}\n`);
if (write) {
  const path = join(root, 'evals', 'RESULTS.md');
  const doc = existsSync(path) ? await readFile(path, 'utf8') : '';
  await writeFile(path, replaceMarkedSection(doc, 'retrieval', body));
  process.stdout.write(`\nupdated ${path}\n`);
}

