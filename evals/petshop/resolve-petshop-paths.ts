import { resolve } from 'node:path';

/** Where the runner reads the dataset and writes bundles and per-bundle results. */
export interface PetshopPaths {
  /** PetShop root holding `dataset/` (never copied into the repo). */
  datasetDir: string;
  /** `evals/generated/petshop` (git-ignored). */
  outDir: string;
  /** `evals/generated/petshop-with-changes` (git-ignored), the labelled leakage variant. */
  withChangesDir: string;
  /** `evals/out/petshop` (git-ignored): per-bundle answers of the last run. */
  resultsDir: string;
  /** `evals/RESULTS.md` */
  resultsFile: string;
}

/** Resolves the paths from the repo root; `PETSHOP_DIR` overrides `<repo>/../shared/evaldata/petshop`. */
export function resolvePetshopPaths(repoRoot: string, env: Readonly<Record<string, string | undefined>> = {}): PetshopPaths {
  return {
    datasetDir: resolve(repoRoot, env.PETSHOP_DIR ?? '../shared/evaldata/petshop'),
    outDir: resolve(repoRoot, 'evals/generated/petshop'),
    withChangesDir: resolve(repoRoot, 'evals/generated/petshop-with-changes'),
    resultsDir: resolve(repoRoot, 'evals/out/petshop'),
    resultsFile: resolve(repoRoot, 'evals/RESULTS.md'),
  };
}
