import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Topology } from '../../src/domain/index.ts';
import { convertChangeEvent, ReproducibilitySchema } from './convert-change-event.ts';
import { convertGraphCsv } from './convert-graph-csv.ts';
import { convertIssue, type PetshopScenario, type PetshopSplit } from './convert-issue.ts';
import { convertMetricsCsv, type MetricsTable } from './convert-metrics-csv.ts';
import { convertTarget } from './convert-target.ts';
import { listPetshopIssues, PETSHOP_SCENARIOS, PETSHOP_SPLITS } from './list-petshop-issues.ts';

/** Bumped whenever the bundle layout or a mapping changes, so stale bundles get rebuilt. */
export const PETSHOP_CONVERTER_VERSION = 1;

/** One converted bundle, as listed in `<outDir>/manifest.json`. */
export const PetshopBundleEntrySchema = z.object({
  id: z.string(),
  /** Absolute bundle directory. */
  dir: z.string(),
  scenario: z.enum(PETSHOP_SCENARIOS),
  split: z.enum(PETSHOP_SPLITS),
  index: z.number().int(),
  targetMetric: z.enum(['latency', 'availability']),
  /** Ground truth, copied from the bundle's truth.json for the scorer. */
  rootCause: z.string(),
  /** Whether a fault-free baseline precedes the issue window in the metrics. */
  hasBaseline: z.boolean(),
  baselineShiftSeconds: z.number().optional(),
});
export type PetshopBundleEntry = z.infer<typeof PetshopBundleEntrySchema>;

/** `<outDir>/manifest.json`: what was converted, by which converter version, from where. */
export const PetshopManifestSchema = z.object({
  version: z.number(),
  /** True for the labelled leakage variant holding `changes.jsonl`. */
  withChanges: z.boolean().default(false),
  datasetDir: z.string(),
  bundles: z.array(PetshopBundleEntrySchema),
});
export type PetshopManifest = z.infer<typeof PetshopManifestSchema>;

export interface ConvertDatasetOptions {
  splits?: readonly PetshopSplit[];
  /**
   * LEAKAGE VARIANT: also write `changes.jsonl` made from the fault-injection command
   * (`convertChangeEvent`). Only for `evals/generated/petshop-with-changes/`.
   */
  withChanges?: boolean;
}

/**
 * Converts every issue of the requested splits into a bundle folder `<outDir>/<id>/` and writes
 * `<outDir>/manifest.json`. Reads `graph.csv` and `noissue/metrics.csv` once per scenario.
 * Existing bundle folders of the same id are replaced.
 */
export async function convertDataset(datasetDir: string, outDir: string, options: ConvertDatasetOptions = {}): Promise<PetshopManifest> {
  const { splits = PETSHOP_SPLITS, withChanges = false } = options;
  const bundles: PetshopBundleEntry[] = [];
  const scenarioCache = new Map<PetshopScenario, { topology: Topology; baseline?: MetricsTable }>();
  for (const ref of await listPetshopIssues(datasetDir, splits)) {
    let shared = scenarioCache.get(ref.scenario);
    if (!shared) {
      const scenarioDir = join(datasetDir, 'dataset', ref.scenario);
      const graphFile = join(scenarioDir, 'graph.csv');
      const baselineFile = join(scenarioDir, 'noissue', 'metrics.csv');
      const topology = convertGraphCsv(await readFile(graphFile, 'utf8'), graphFile);
      const baseline = existsSync(baselineFile) ? convertMetricsCsv(await readFile(baselineFile, 'utf8'), baselineFile) : undefined;
      shared = { topology, baseline };
      scenarioCache.set(ref.scenario, shared);
    }
    const targetFile = join(ref.dir, 'target.json');
    const metricsFile = join(ref.dir, 'metrics.csv');
    const target = convertTarget(await readFile(targetFile, 'utf8'), targetFile);
    const metrics = convertMetricsCsv(await readFile(metricsFile, 'utf8'), metricsFile);
    const converted = convertIssue({ ...ref, target, metrics, baseline: shared.baseline, topology: shared.topology });
    if (withChanges) {
      const { command } = ReproducibilitySchema.parse(JSON.parse(await readFile(targetFile, 'utf8'))).metadata.reproducibility;
      const windowStart = metrics.timesSec[0] ?? target.target.timestamp;
      converted.files.set('changes.jsonl', convertChangeEvent(`${converted.id}-injection`, command, target.root_cause.node, windowStart));
    }

    const bundleDir = join(outDir, converted.id);
    await rm(bundleDir, { recursive: true, force: true });
    for (const [relPath, content] of converted.files) {
      const file = join(bundleDir, relPath);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    bundles.push({
      id: converted.id,
      dir: bundleDir,
      scenario: ref.scenario,
      split: ref.split,
      index: ref.index,
      targetMetric: target.target.metric,
      rootCause: target.root_cause.node,
      hasBaseline: shared.baseline !== undefined,
      baselineShiftSeconds: converted.baselineShiftSeconds,
    });
  }
  const manifest: PetshopManifest = { version: PETSHOP_CONVERTER_VERSION, withChanges, datasetDir, bundles };
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
