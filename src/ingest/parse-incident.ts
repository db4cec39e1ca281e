import { IncidentSchema, type Incident } from '../domain/index.ts';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { parseJsonFile } from './parse-json-file.ts';

/** Parses `incident.json`. Throws a BundleError (file, JSON path, expected, got) when it is invalid. */
export function parseIncident(text: string, file = 'incident.json'): Incident {
  const json = parseJsonFile(file, text);
  const parsed = IncidentSchema.safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);
  return parsed.data;
}
