// `npm run eval [-- --set heldout|dev] [--variant prometheus-native|mid-incident] [--count N] [--no-write]`:
// generates the held-out scenarios (or reads the committed dev set), runs the analyzer in-process on each,
// scores it against truth.json, prints tables and updates the synthetic section of evals/RESULTS.md (a
// variant rewrites every generated scenario first and has a section of its own).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyzeBundleDir } from '../src/cli/analyze-bundle-dir.ts';
import { generateScenario } from './generate/generate-scenario.ts';
import { writeScenario } from './generate/write-scenario.ts';
import { applyVariant, isVariant, VariantDescriptions, Variants } from './variants/apply-variant.ts';
import { summarizeAll, type ScoredCase } from './score/aggregate-scores.ts';
import { formatGroupTable, formatMilestoneTable } from './score/format-results.ts';
import { replaceMarkedSection } from './lib/replace-marked-section.ts';
import { changeRefsFromJsonl, failedScore, scoreScenario } from './score/score-scenario.ts';
import { median, percentile } from './score/summarize.ts';
import { CaseInfoSchema, TruthSchema } from './score/truth-schema.ts';
import { gitRevision } from './lib/git-revision.ts';

/** Held-out seeds start here. Never tune the analyzer (or the generator) on their results. */
export const HeldOutSeedBase = 900_000;

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const set = arg('set') ?? 'heldout';
if (set !== 'heldout' && set !== 'dev') {
  process.stderr.write(`unknown --set ${set}: use heldout or dev\n`);
  process.exit(2);
}
const variant = arg('variant');
if (variant !== undefined && (!isVariant(variant) || set !== 'heldout')) {
  process.stderr.write(`--variant must be one of ${Variants.join(', ')}, with the held-out set\n`);
  process.exit(2);
}
const count = Number(arg('count') ?? 150);
const write = !args.includes('--no-write');

const started = performance.now();
let dirs: string[];
let seedRange: string;
if (set === 'heldout') {
  const out = join(root, 'evals', 'generated');
  await mkdir(out, { recursive: true });
  dirs = [];
  for (let i = 1; i <= count; i++) {
    const seed = HeldOutSeedBase + i;
    const dir = join(out, String(seed));
    const scenario = generateScenario(seed);
    await writeScenario(dir, variant ? applyVariant(variant, scenario) : scenario);
    dirs.push(dir);
  }
  seedRange = `${HeldOutSeedBase + 1}–${HeldOutSeedBase + count}`;
} else {
  const base = join(root, 'evals', 'scenarios');
  dirs = (await readdir(base, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => join(base, d.name)).sort();
  seedRange = 'dev set (evals/scenarios)';
}
const generatedMs = performance.now() - started;

const cases: Array<ScoredCase & { name: string; seconds: number; error?: string }> = [];
for (const dir of dirs) {
  const truth = TruthSchema.parse(JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')));
  const info = CaseInfoSchema.parse(parseYaml(await readFile(join(dir, 'case.yaml'), 'utf8')));
  const changesPath = join(dir, 'changes.jsonl');
  const refs = existsSync(changesPath) ? changeRefsFromJsonl(await readFile(changesPath, 'utf8')) : new Map<string, string[]>();
  const t0 = performance.now();
  try {
    const report = await analyzeBundleDir(dir);
    cases.push({ name: dir, kind: info.kind, tags: info.tags, score: scoreScenario(report, truth, refs), seconds: (performance.now() - t0) / 1000 });
  } catch (err) {
    cases.push({ name: dir, kind: info.kind, tags: info.tags, score: failedScore(truth), seconds: (performance.now() - t0) / 1000, error: err instanceof Error ? err.message : String(err) });
  }
}
const totalSeconds = (performance.now() - started) / 1000;
const { overall, byKind, byTag } = summarizeAll(cases);
const times = cases.map((c) => c.seconds);
const rev = gitRevision() ?? 'unknown';
const date = new Date().toISOString().slice(0, 10);
const setName = set === 'heldout' ? `held-out${variant ? `, ${variant} variant` : ''}` : 'dev set';
const headline = `**${setName[0]!.toUpperCase()}${setName.slice(1)}: top-1 ${pc(overall.top1)}, top-3 ${pc(overall.top3)}, kind ${pc(overall.kind)}, red herring blamed ${overall.redHerringBlamed === undefined ? '–' : pc(overall.redHerringBlamed)} (of ${overall.redHerringScenarios}), milestone median error ${overall.milestones.medianSeconds?.toFixed(0) ?? '–'} s (miss ${pc(overall.milestones.missRate)}), ECE ${overall.eceAll?.toFixed(3) ?? '–'} (top-1 ${overall.eceTop1?.toFixed(3) ?? '–'}).**`;
const body = [
  `## Synthetic scenarios (${setName})`,
  ...(variant ? ['', VariantDescriptions[variant]] : []),
  '',
  `Run ${date} at \`${rev}\`, seeds ${seedRange}, ${cases.length} scenarios, ${overall.failed} analyzer failures. Analyzer time per scenario: median ${(median(times) ?? 0).toFixed(2)} s, p90 ${(percentile(times, 90) ?? 0).toFixed(2)} s; whole run ${totalSeconds.toFixed(0)} s (generation ${(generatedMs / 1000).toFixed(0)} s).`,
  'Top-1/top-3: the true root-cause service is the first / among the first three `rootCauses`. Kind: `rootCauses[0].kind`. Red herring blamed: share of the scenarios with red herrings where `rootCauses[0]` is a red-herring service or a `likely-cause` signal cites a red-herring change. Milestone error: |predicted − truth| over the four milestones; a missing prediction is a miss. ECE: 10 equal-width bins, over every `rootCauses` entry and over the first entries only.',
  '',
  headline,
  '',
  formatGroupTable('kind', [['**all**', overall], ...byKind]),
  '',
  formatGroupTable('tag', byTag),
  '',
  formatMilestoneTable(overall),
].join('\n');
process.stdout.write(`${body}\n`);
const failures = cases.filter((c) => c.error !== undefined);
for (const f of failures.slice(0, 10)) process.stdout.write(`failed: ${f.name}: ${f.error}\n`);
if (write) {
  const path = join(root, 'evals', 'RESULTS.md');
  const doc = existsSync(path) ? await readFile(path, 'utf8') : '';
  await writeFile(path, replaceMarkedSection(doc, set === 'heldout' ? `synthetic${variant ? `-${variant}` : ''}` : 'synthetic-dev', body));
  process.stdout.write(`\nupdated ${path}\n`);
}

function pc(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

