import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { UserError } from '../../src/domain/index.ts';

/** The part of a report the scorer reads; other fields are ignored. */
export const ScoredReportSchema = z.object({
  incidentId: z.string(),
  rootCauses: z.array(z.object({ service: z.string(), kind: z.string(), confidence: z.number() })),
  missingSources: z.array(z.string()).default([]),
});
export type ScoredReport = z.infer<typeof ScoredReportSchema>;

export type AnalyzeBundleDir = (dir: string) => Promise<ScoredReport>;

/** Module of the analyzer entry point, relative to the repo root. */
export const ANALYZER_MODULE = 'src/cli/analyze-bundle-dir.ts';

/**
 * Loads `analyzeBundleDir` from `src/cli/analyze-bundle-dir.ts` (or another module exporting the
 * same function) at run time, so this eval type-checks while the analyzer is still being written,
 * and validates each report it returns.
 * @param module path of the module, relative to `repoRoot` or absolute
 * @throws UserError when the module or its export is missing
 */
export async function loadAnalyzer(repoRoot: string, module = ANALYZER_MODULE): Promise<AnalyzeBundleDir> {
  const file = resolve(repoRoot, module);
  if (!existsSync(file)) throw new UserError(`${module} does not exist (yet): the PetShop eval needs analyzeBundleDir(dir)`);
  const mod: Record<string, unknown> = await import(pathToFileURL(file).href);
  const analyze = mod.analyzeBundleDir;
  if (typeof analyze !== 'function') throw new UserError(`${module} must export analyzeBundleDir(dir: string): Promise<Report>`);
  return async (dir) => {
    const report: unknown = await analyze(dir);
    const parsed = ScoredReportSchema.safeParse(report);
    if (!parsed.success) throw new Error(`analyzeBundleDir(${dir}) returned a report without a valid rootCauses list: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
}
