// `npm run eval:petshop [-- --split train|test|all] [--reconvert] [--no-write] [--with-changes] [--analyzer <module.ts>]`
// Converts the PetShop dataset into incident bundles (if needed), runs analyzeBundleDir on each
// in-process, prints top-1/top-3 next to the class-frequency prior, plus calibration (ECE), and
// writes the petshop section of evals/RESULTS.md. See evals/petshop/README.md.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { classPrior } from './class-prior.ts';
import { convertDataset, PETSHOP_CONVERTER_VERSION, PetshopManifestSchema, type PetshopManifest } from './convert-dataset.ts';
import type { PetshopSplit } from './convert-issue.ts';
import { ANALYZER_MODULE, loadAnalyzer, type AnalyzeBundleDir } from './load-analyzer.ts';
import { renderPetshopResults } from './render-petshop-results.ts';
import { replaceMarkedSection } from '../lib/replace-marked-section.ts';
import { resolvePetshopPaths } from './resolve-petshop-paths.ts';
import { rankedAnswer, scorePetshop, type PetshopOutcome } from './score-petshop.ts';
import { gitRevision } from '../lib/git-revision.ts';


const { values: flags } = parseArgs({
  options: {
    split: { type: 'string', default: 'all' },
    reconvert: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'with-changes': { type: 'boolean', default: false },
    analyzer: { type: 'string', default: ANALYZER_MODULE },
  },
});
const split = z.enum(['train', 'test', 'all']).parse(flags.split);
const splits: PetshopSplit[] = split === 'all' ? ['train', 'test'] : [split];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const paths = resolvePetshopPaths(repoRoot, process.env);
if (!existsSync(join(paths.datasetDir, 'dataset'))) {
  process.stderr.write(`PetShop dataset not found at ${paths.datasetDir} (set PETSHOP_DIR to the folder holding dataset/)\n`);
  process.exit(2);
}

const analyze = await loadAnalyzer(repoRoot, flags.analyzer);
const date = new Date().toISOString().slice(0, 10);
const revision = gitRevision();
await mkdir(paths.resultsDir, { recursive: true });

const sections = [await evaluate(await loadOrConvert(paths.outDir, false), '', `results-${split}.json`)];
if (flags['with-changes']) {
  sections.push(await evaluate(await loadOrConvert(paths.withChangesDir, true), ' — LEAKAGE VARIANT with change events from the injection command (not an RCA result)', `results-with-changes-${split}.json`));
}
const markdown = sections.join('\n\n');
process.stdout.write(`${markdown}\n`);

if (!flags['no-write']) {
  const previous = existsSync(paths.resultsFile) ? await readFile(paths.resultsFile, 'utf8') : '# Evaluation results\n';
  await writeFile(paths.resultsFile, replaceMarkedSection(previous, 'petshop', markdown));
  process.stderr.write(`wrote the petshop section of ${paths.resultsFile}; per-bundle answers in ${paths.resultsDir}\n`);
}

/** Analyzes the selected bundles of one manifest and renders its results section. */
async function evaluate(manifest: PetshopManifest, variant: string, detailsFile: string): Promise<string> {
  const prior = classPrior(manifest.bundles.map((b) => b.rootCause));
  const { outcomes, details, analyzeMs } = await analyzeAll(analyze, manifest.bundles.filter((b) => splits.includes(b.split)));
  await writeFile(join(paths.resultsDir, detailsFile), `${JSON.stringify(details, null, 2)}\n`);
  const labelsBySplit: Record<string, Record<string, number>> = {};
  for (const o of outcomes) {
    const counts = (labelsBySplit[o.split] ??= {});
    counts[o.rootCause] = (counts[o.rootCause] ?? 0) + 1;
  }
  const score = scorePetshop(outcomes, prior);
  const trainPrior = classPrior(manifest.bundles.filter((b) => b.split === 'train').map((b) => b.rootCause));
  const trainPriorHeadline = scorePetshop(outcomes, trainPrior).headline;
  return renderPetshopResults(score, {
    date, split, prior, priorLabels: manifest.bundles.length, revision, analyzeMs, labelsBySplit, variant, trainPriorHeadline,
  });
}

async function analyzeAll(run: AnalyzeBundleDir, bundles: PetshopManifest['bundles']) {
  const outcomes: PetshopOutcome[] = [];
  const details: Record<string, unknown>[] = [];
  const started = performance.now();
  for (const bundle of bundles) {
    const base = { id: bundle.id, scenario: bundle.scenario, split: bundle.split, targetMetric: bundle.targetMetric, hasBaseline: bundle.hasBaseline, rootCause: bundle.rootCause };
    const t0 = performance.now();
    try {
      const report = await run(bundle.dir);
      const answer = rankedAnswer(report.rootCauses);
      outcomes.push({ ...base, ...answer });
      details.push({ ...base, ms: Math.round(performance.now() - t0), rank: answer.ranking.indexOf(bundle.rootCause), rootCauses: report.rootCauses.slice(0, 5), missingSources: report.missingSources });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      outcomes.push({ ...base, ranking: [], confidences: [], error });
      details.push({ ...base, ms: Math.round(performance.now() - t0), error });
      process.stderr.write(`${bundle.id}: analyzer failed: ${error}\n`);
    }
  }
  return { outcomes, details, analyzeMs: performance.now() - started };
}

/** Reuses the converted bundles when the manifest matches this converter, dataset and variant. */
async function loadOrConvert(outDir: string, withChanges: boolean): Promise<PetshopManifest> {
  const manifestFile = join(outDir, 'manifest.json');
  if (!flags.reconvert && existsSync(manifestFile)) {
    const parsed = PetshopManifestSchema.safeParse(JSON.parse(await readFile(manifestFile, 'utf8')));
    const m = parsed.success ? parsed.data : undefined;
    const current = m?.version === PETSHOP_CONVERTER_VERSION && m.datasetDir === paths.datasetDir && m.withChanges === withChanges;
    if (m && current && m.bundles.length > 0 && m.bundles.every((b) => existsSync(join(b.dir, 'incident.json')))) return m;
  }
  process.stderr.write(`converting ${paths.datasetDir} → ${outDir}\n`);
  return convertDataset(paths.datasetDir, outDir, { withChanges });
}

