// `node bin/run.js evals/generate/write-dev-set.ts`: regenerates the committed dev set
// (seeds 1..40) as evals/scenarios/<NN>_<slug>/.
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DevSeeds } from './dev-seed-kinds.ts';
import { generateScenario } from './generate-scenario.ts';
import { writeScenario } from './write-scenario.ts';


const out = resolve(import.meta.dirname, '..', 'scenarios');
for (const entry of await readdir(out).catch(() => [])) await rm(join(out, entry), { recursive: true, force: true });
let totalBytes = 0;
for (const seed of DevSeeds) {
  const scenario = generateScenario(seed);
  const name = `${String(seed).padStart(2, '0')}_${scenario.caseInfo.slug}`;
  await writeScenario(join(out, name), scenario);
  const bytes = [...scenario.files.values()].reduce((a, v) => a + Buffer.byteLength(v), 0);
  totalBytes += bytes;
  process.stdout.write(`${name.padEnd(34)} ${String(Math.round(bytes / 1024)).padStart(4)} KB  ${scenario.caseInfo.tags.join(', ')}\n`);
}
process.stdout.write(`${DevSeeds.length} scenarios, ${(totalBytes / 1024 / 1024).toFixed(1)} MB\n`);
