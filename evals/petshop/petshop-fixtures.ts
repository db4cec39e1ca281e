import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePetshopPaths } from './resolve-petshop-paths.ts';

/** Test helper: the real dataset root, and whether it is present (tests that need it skip otherwise). */
export const petshopDatasetDir = resolvePetshopPaths(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), process.env).datasetDir;
export const hasPetshopDataset = existsSync(resolve(petshopDatasetDir, 'dataset'));

/** A small metrics.csv in the dataset's layout: 2 nodes, 3 columns, 3 rows, one empty cell. */
export const SAMPLE_METRICS_CSV = [
  'microservice,PetSite,PetSite,PetSearch_AWS::ECS::Fargate',
  'metric,latency,availability,requests',
  'statistic,Average,Average,Sum',
  'unix_timestamp,,,',
  '1681855320.0,0.25,100.0,600.0',
  '1681855620.0,,99.5,630.0',
  '1681855920.0,0.5,97.0,',
  '',
].join('\n');
