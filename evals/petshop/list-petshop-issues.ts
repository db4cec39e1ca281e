import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../src/domain/index.ts';
import type { PetshopScenario, PetshopSplit } from './convert-issue.ts';

export const PETSHOP_SCENARIOS: readonly PetshopScenario[] = ['low_traffic', 'high_traffic', 'temporal_traffic1', 'temporal_traffic2'];
export const PETSHOP_SPLITS: readonly PetshopSplit[] = ['train', 'test'];

/** One labelled issue folder of the dataset. */
export interface PetshopIssueRef {
  scenario: PetshopScenario;
  split: PetshopSplit;
  index: number;
  /** `<dataset>/<scenario>/<split>/issue_<n>` */
  dir: string;
}

/**
 * Lists the `issue_<n>` folders of the requested splits, ordered by scenario, split, then n.
 * @param datasetDir the PetShop root (holding `dataset/`)
 * @throws UserError when a scenario folder is missing
 */
export async function listPetshopIssues(datasetDir: string, splits: readonly PetshopSplit[] = PETSHOP_SPLITS): Promise<PetshopIssueRef[]> {
  const refs: PetshopIssueRef[] = [];
  for (const scenario of PETSHOP_SCENARIOS) {
    for (const split of PETSHOP_SPLITS.filter((s) => splits.includes(s))) {
      const splitDir = join(datasetDir, 'dataset', scenario, split);
      let names: string[];
      try {
        names = await readdir(splitDir);
      } catch {
        throw new UserError(`PetShop dataset incomplete: ${splitDir} is missing (set PETSHOP_DIR to the dataset root)`);
      }
      const indices = names.map((name) => /^issue_(\d+)$/.exec(name)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
      for (const index of indices) refs.push({ scenario, split, index, dir: join(splitDir, `issue_${index}`) });
    }
  }
  return refs;
}
