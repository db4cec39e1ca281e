// `npm run eval:petshop-sim [-- --count 120 --seed 7 --window-only --analyzer src/cli/analyze-bundle-dir.ts --no-write --regenerate]`
// Builds semi-synthetic PetShop incidents (a fault injected into the fault-free recordings, see
// README.md), runs analyzeBundleDir on each in-process and prints top-1/top-3 and calibration (ECE)
// by fault metric, scenario and root node. A development aid that encodes our own propagation assumptions: never
// quote it as a PetShop benchmark result.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { gitRevision } from '../lib/git-revision.ts';
import { replaceMarkedSection } from '../lib/replace-marked-section.ts';
import { ANALYZER_MODULE, loadAnalyzer } from '../petshop/load-analyzer.ts';
import { decimal, frac } from '../petshop/render-petshop-results.ts';
import { resolvePetshopPaths } from '../petshop/resolve-petshop-paths.ts';
import { calibrationOf, rankedAnswer, rankOf, type RankedAnswer } from '../petshop/score-petshop.ts';
import { generateSim, PETSHOP_SIM_GENERATOR_VERSION } from './generate-sim.ts';

const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '120' },
    seed: { type: 'string', default: '7' },
    analyzer: { type: 'string', default: ANALYZER_MODULE },
    'no-write': { type: 'boolean', default: false },
    regenerate: { type: 'boolean', default: false },
    'window-only': { type: 'boolean', default: false },
  },
});
const count = z.coerce.number().int().positive().parse(flags.count);
const seed = z.coerce.number().int().nonnegative().parse(flags.seed);
const windowOnly = flags['window-only'];
const section = windowOnly ? 'petshop-sim-window' : 'petshop-sim';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const paths = resolvePetshopPaths(repoRoot, process.env);
const outDir = resolve(repoRoot, 'evals/generated', section);
if (!existsSync(join(paths.datasetDir, 'dataset'))) {
  process.stderr.write(`PetShop dataset not found at ${paths.datasetDir} (set PETSHOP_DIR to the folder holding dataset/)\n`);
  process.exit(2);
}

const ManifestSchema = z.object({
  version: z.number(),
  count: z.number(),
  seed: z.number(),
  datasetDir: z.string(),
  bundles: z.array(z.object({
    id: z.string(),
    dir: z.string(),
    scenario: z.string(),
    metric: z.string(),
    rootCause: z.string(),
  })),
});
type Manifest = z.infer<typeof ManifestSchema>;

const t0 = performance.now();
let generated = false;
const manifest = await loadOrGenerate();
const generateMs = performance.now() - t0;
const analyze = await loadAnalyzer(repoRoot, flags.analyzer);

interface Outcome extends RankedAnswer { id: string; scenario: string; metric: string; error?: string }
const outcomes: Outcome[] = [];
const t1 = performance.now();
for (const b of manifest.bundles) {
  try {
    const report = await analyze(b.dir);
    outcomes.push({ ...pick(b), ...rankedAnswer(report.rootCauses) });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    outcomes.push({ ...pick(b), ranking: [], confidences: [], error });
    process.stderr.write(`${b.id}: analyzer failed: ${error}\n`);
  }
}
const analyzeMs = performance.now() - t1;

const markdown = render();
process.stdout.write(`${markdown}\n`);
if (!flags['no-write']) {
  const previous = existsSync(paths.resultsFile) ? await readFile(paths.resultsFile, 'utf8') : '# Evaluation results\n';
  await writeFile(paths.resultsFile, replaceMarkedSection(previous, section, markdown));
  process.stderr.write(`wrote the ${section} section of ${paths.resultsFile}\n`);
}

function pick(b: Manifest['bundles'][number]) {
  return { id: b.id, scenario: b.scenario, metric: b.metric, rootCause: b.rootCause };
}

/** Reuses the bundles when the manifest matches this generator version, count, seed and dataset. */
async function loadOrGenerate(): Promise<Manifest> {
  const manifestFile = join(outDir, 'manifest.json');
  if (!flags.regenerate && existsSync(manifestFile)) {
    const parsed = ManifestSchema.safeParse(JSON.parse(await readFile(manifestFile, 'utf8')));
    const m = parsed.success ? parsed.data : undefined;
    if (m && m.version === PETSHOP_SIM_GENERATOR_VERSION && m.count === count && m.seed === seed && m.datasetDir === paths.datasetDir &&
      m.bundles.every((b) => existsSync(join(b.dir, 'incident.json')))) return m;
  }
  generated = true;
  process.stderr.write(`generating ${count} simulated issues (seed ${seed}) → ${outDir}\n`);
  const issues = await generateSim(paths.datasetDir, count, seed, undefined, { windowOnly });
  await rm(outDir, { recursive: true, force: true });
  const bundles: Manifest['bundles'] = [];
  for (const issue of issues) {
    const dir = join(outDir, issue.id);
    for (const [relPath, content] of issue.files) {
      const file = join(dir, relPath);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    bundles.push({ id: issue.id, dir, scenario: issue.params.scenario, metric: issue.params.metric, rootCause: issue.params.root });
  }
  const m: Manifest = { version: PETSHOP_SIM_GENERATOR_VERSION, count, seed, datasetDir: paths.datasetDir, bundles };
  await writeFile(manifestFile, `${JSON.stringify(m, null, 2)}\n`);
  return m;
}

function hits(group: readonly Outcome[], k: number): number {
  return group.filter((o) => { const r = rankOf(o.ranking, o.rootCause); return r >= 0 && r < k; }).length;
}

function table(title: string, keyOf: (o: Outcome) => string): string[] {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(keyOf(o), [...(groups.get(keyOf(o)) ?? []), o]);
  const rows = [...groups.entries()].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  return [
    `### By ${title}`, '',
    `| ${title} | n | top-1 | mean top-1 confidence | top-3 | ECE top-1 | ECE all | no answer | errors |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([key, g]) => {
      const c = calibrationOf(g);
      return `| ${key} | ${g.length} | ${frac(hits(g, 1), g.length)} | ${decimal(c.meanTop1Confidence)} | ${frac(hits(g, 3), g.length)} | ` +
        `${decimal(c.eceTop1)} | ${decimal(c.eceAll)} | ${g.filter((o) => !o.error && o.ranking.length === 0).length} | ${g.filter((o) => o.error).length} |`;
    }),
    '',
  ];
}

function render(): string {
  const n = outcomes.length;
  const wrongFirst = new Map<string, number>();
  for (const o of outcomes) {
    if (hits([o], 1) === 1) continue;
    const first = o.ranking[0] ?? '(no answer)';
    wrongFirst.set(first, (wrongFirst.get(first) ?? 0) + 1);
  }
  const misses = [...wrongFirst.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 10);
  const revision = gitRevision();
  const calibration = calibrationOf(outcomes);
  return [
    `## PetShop semi-synthetic fault injection${windowOnly ? ', window only (no baseline)' : ''} (dev set, NOT a benchmark)`,
    '',
    `Run ${new Date().toISOString().slice(0, 10)}${revision ? ` at \`${revision}\`` : ''}: ${n} issues, seed ${seed}, generator v${PETSHOP_SIM_GENERATOR_VERSION}; ` +
      `${generated ? `generation ${(generateMs / 1000).toFixed(1)} s` : 'bundles cached'}, analyzer wall time ${(analyzeMs / 1000).toFixed(1)} s. ` +
      'Faults injected into the fault-free low/high_traffic recordings and propagated to callers along the real call graph ' +
      'by our own model (evals/petshop-sim/README.md), so scores measure agreement with that model, not with real faults. ' +
      'ECE (10 bins) and mean top-1 confidence count only issues where the analyzer named a root cause.',
    '',
    `**Overall: top-1 ${frac(hits(outcomes, 1), n)}, top-3 ${frac(hits(outcomes, 3), n)}; ` +
      `ECE top-1 ${decimal(calibration.eceTop1)}, ECE all ${decimal(calibration.eceAll)}, mean top-1 confidence ${decimal(calibration.meanTop1Confidence)}.**`,
    '',
    ...table('fault metric', (o) => o.metric),
    ...table('scenario', (o) => o.scenario),
    ...table('root node', (o) => `\`${o.rootCause}\``),
    '### Misses: node ranked first instead of the root (top 10)',
    '',
    '| ranked first | misses |',
    '|---|---:|',
    ...misses.map(([node, c]) => `| \`${node}\` | ${c} |`),
  ].join('\n');
}
