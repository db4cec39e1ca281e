import { analyzeIncident } from '../analysis/analyze-incident.ts';
import type { Report } from '../domain/index.ts';
import { readBundle } from '../ingest/index.ts';
import { buildReport } from '../report/build-report.ts';

/** Reads an incident bundle from disk and returns its deterministic analysis report. */
export async function analyzeBundleDir(dir: string): Promise<Report> {
  const bundle = await readBundle(dir);
  return buildReport(bundle, analyzeIncident(bundle));
}
