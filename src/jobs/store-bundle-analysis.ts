import { analyzeIncident } from '../analysis/analyze-incident.ts';
import type { Report } from '../domain/index.ts';
import { localReportEmbedder, type ReportEmbedder } from '../embeddings/report-embedder.ts';
import { readBundle } from '../ingest/index.ts';
import { buildReport } from '../report/build-report.ts';
import type { Database } from '../store/database.ts';
import { upsertIncidentEmbedding } from '../store/incident-embeddings.ts';
import { saveIncidentReport } from '../store/incident-store.ts';

/**
 * Analyzes a bundle directory and stores incident, report, signals and the local embedding; with a
 * model embedder also that model's embedding (after the report is saved: the model call must not hold
 * a transaction open). Used by `opsight ingest` and the worker's analysis jobs.
 */
export async function storeBundleAnalysis(db: Database, bundleDir: string, embedder: ReportEmbedder = localReportEmbedder): Promise<{ report: Report; reportId: string }> {
  const bundle = await readBundle(bundleDir);
  const report = buildReport(bundle, analyzeIncident(bundle));
  const reportId = await saveIncidentReport(db, bundle.incident, report, bundleDir);
  if (embedder !== localReportEmbedder) await upsertIncidentEmbedding(db, report.incidentId, embedder.name, await embedder.embed(report));
  return { report, reportId };
}
