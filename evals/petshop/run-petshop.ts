// `npm run eval:petshop [-- --split train|test|all] [--reconvert] [--no-write]`
// Converts the PetShop dataset into incident bundles (if needed), runs analyzeBundleDir on each
// in-process, prints top-1/top-3 next to the class-frequency prior, and writes the petshop section
// of evals/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { classPrior } from './class-prior.ts';
import { convertDataset, PETSHOP_CONVERTER_VERSION, PetshopManifestSchema, type PetshopManifest } from './convert-dataset.ts';
import type { PetshopSplit } from './convert-issue.ts';
import { loadAnalyzer } from './load-analyzer.ts';
import { renderPetshopResults } from './render-petshop-results.ts';
import { replaceMarkedSection } from './replace-marked-section.ts';
import { resolvePetshopPaths } from './resolve-petshop-paths.ts';
import { scorePetshop, type PetshopOutcome } from './score-petshop.ts';

const START = '<!-- petshop:start -->';
const END = '<!-- petshop:end -->';

const { values: flags } = parseArgs({
  options: {
    split: { type: 'string', default: 'all' },
    reconvert: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const split = z.enum(['train', 'test', 'all']).parse(flags.split);
const splits: PetshopSplit[] = split === 'all' ? ['train', 'test'] : [split];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const paths = resolvePetshopPaths(repoRoot, process.env);
if (!existsSync(join(paths.datasetDir, 'dataset'))) {
  process.stderr.write(`PetShop dataset not found at ${paths.datasetDir} (set PETSHOP_DIR)\n`);
  process.exit(2);
}

const manifest = await loadOrConvert(flags.reconvert);
const analyze = await loadAnalyzer(repoRoot);
const prior = classPrior(manifest.bundles.map((b) => b.rootCause));

const outcomes: PetshopOutcome[] = [];
const details: unknown[] = [];
const started = performance.now();
for (const bundle of manifest.bundles.filter((b) => splits.includes(b.split))) {
  const base = { id: bundle.id, scenario: bundle.scenario, split: bundle.split, targetMetric: bundle.targetMetric, hasBaseline: bundle.hasBaseline, rootCause: bundle.rootCause };
  const t0 = performance.now();
  try {
    const report = await analyze(bundle.dir);
    const ranking = report.rootCauses.map((c) => c.service);
    outcomes.push({ ...base, ranking });
    details.push({ ...base, ms: Math.round(performance.now() - t0), rank: ranking.indexOf(bundle.rootCause), rootCauses: report.rootCauses.slice(0, 5), missingSources: report.missingSources });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    outcomes.push({ ...base, ranking: [], error });
    details.push({ ...base, ms: Math.round(performance.now() - t0), error });
    process.stderr.write(`${bundle.id}: analyzer failed: ${error}\n`);
  }
}
const analyzeMs = performance.now() - started;

const score = scorePetshop(outcomes, prior);
const labelsBySplit: Record<string, Record<string, number>> = {};
for (const o of outcomes) {
  const counts = (labelsBySplit[o.split] ??= {});
  counts[o.rootCause] = (counts[o.rootCause] ?? 0) + 1;
}
const markdown = renderPetshopResults(score, {
  date: new Date().toISOString().slice(0, 10),
  split,
  prior,
  priorLabels: manifest.bundles.length,
  revision: gitRevision(),
  analyzeMs,
  labelsBySplit,
});
process.stdout.write(`${markdown}\n`);

await mkdir(paths.resultsDir, { recursive: true });
await writeFile(join(paths.resultsDir, `results-${split}.json`), `${JSON.stringify(details, null, 2)}\n`);
if (!flags['no-write']) {
  const previous = existsSync(paths.resultsFile) ? await readFile(paths.resultsFile, 'utf8') : '# Evaluation results\n';
  await writeFile(paths.resultsFile, replaceMarkedSection(previous, markdown, START, END));
  process.stderr.write(`wrote the petshop section of ${paths.resultsFile}; per-bundle answers in ${paths.resultsDir}\n`);
}

/** Reuses the converted bundles when the manifest matches this converter and dataset. */
async function loadOrConvert(force: boolean): Promise<PetshopManifest> {
  const manifestFile = join(paths.outDir, 'manifest.json');
  if (!force && existsSync(manifestFile)) {
    const parsed = PetshopManifestSchema.safeParse(JSON.parse(await readFile(manifestFile, 'utf8')));
    const manifest = parsed.success ? parsed.data : undefined;
    const current = manifest?.version === PETSHOP_CONVERTER_VERSION && manifest.datasetDir === paths.datasetDir;
    if (manifest && current && manifest.bundles.every((b) => existsSync(join(b.dir, 'incident.json')))) return manifest;
  }
  process.stderr.write(`converting ${paths.datasetDir} → ${paths.outDir}\n`);
  return convertDataset(paths.datasetDir, paths.outDir);
}

function gitRevision(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
