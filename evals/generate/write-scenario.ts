import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Scenario } from './generate-scenario.ts';

/** Writes a scenario's files under `dir` (replacing what was there). */
export async function writeScenario(dir: string, scenario: Scenario): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const dirs = new Set([...scenario.files.keys()].map((p) => dirname(join(dir, p))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  await Promise.all([...scenario.files].map(([path, text]) => writeFile(join(dir, path), text)));
}
