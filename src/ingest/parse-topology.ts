import { TopologySchema, type Topology } from '../domain/index.ts';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { parseJsonFile } from './parse-json-file.ts';

/** Parses `topology.json` (`{services: [{name, dependsOn, team?, external?}]}`); throws a BundleError when invalid. */
export function parseTopology(text: string, file = 'topology.json'): Topology {
  const json = parseJsonFile(file, text);
  const parsed = TopologySchema.safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);
  return parsed.data;
}
