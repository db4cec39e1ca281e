import { ReportSchema, type Incident, type Report } from '../domain/index.ts';
import { embedReportLocally, LOCAL_EMBEDDER_NAME } from '../analysis/local-hash-embedder.ts';
import type { Database } from './database.ts';
import { upsertIncidentEmbedding } from './incident-embeddings.ts';
import { StoreError } from './store-error.ts';

/**
 * Stores one analysis of an incident in one transaction: upserts the incident row (title, severity,
 * times, services and channel as of this bundle), appends the report and one `signals` row per report signal.
 * Earlier reports and their signals are kept. Also upserts the incident's local embedding
 * (`local-hash-v1` of this report), so it can be found by `findSimilarIncidents`. Returns the new report's id.
 */
export async function saveIncidentReport(db: Database, incident: Incident, report: Report, bundlePath: string): Promise<string> {
  if (report.incidentId !== incident.id) {
    throw new StoreError(
      'STORE_ROW_INVALID',
      `report is for incident "${report.incidentId}" but was saved under "${incident.id}": pass the incident the report was built from`,
    );
  }
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO incidents (id, title, severity, opened_at, resolved_at, services, bundle_path, source_channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, severity = EXCLUDED.severity,
         opened_at = EXCLUDED.opened_at, resolved_at = EXCLUDED.resolved_at,
         services = EXCLUDED.services, bundle_path = EXCLUDED.bundle_path,
         source_channel = COALESCE(EXCLUDED.source_channel, incidents.source_channel)`,
      [incident.id, incident.title, incident.severity, incident.openedAt, incident.resolvedAt ?? null, incident.services, bundlePath, incident.channel ?? null],
    );
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO reports (incident_id, report, generated_by) VALUES ($1, $2::jsonb, $3) RETURNING id::text AS id`,
      [incident.id, JSON.stringify(report), report.generatedBy],
    );
    const reportId = row!.id;
    // One statement for every signal: a report has dozens, and each round trip counts at ingest.
    await tx.query(
      `INSERT INTO signals (incident_id, report_id, signal, service, kind, label, confidence)
       SELECT $1, $2::bigint, s.value, s.value ->> 'service', s.value ->> 'kind', s.value ->> 'label', (s.value ->> 'confidence')::double precision
       FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS s (value, n)
       ORDER BY s.n`,
      [incident.id, reportId, JSON.stringify(report.signals)],
    );
    await upsertIncidentEmbedding(tx, incident.id, LOCAL_EMBEDDER_NAME, embedReportLocally(report));
    return reportId;
  });
}

/**
 * The most recently stored report of an incident, validated with `ReportSchema`; `undefined` when
 * the incident has none. A stored report that no longer matches the schema is a `StoreError`.
 */
export async function getLatestReport(db: Database, incidentId: string): Promise<Report | undefined> {
  const [row] = await db.query<{ id: string; report: unknown }>(
    `SELECT id::text AS id, report FROM reports WHERE incident_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [incidentId],
  );
  if (!row) return undefined;
  const parsed = ReportSchema.safeParse(row.report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(
      'STORE_ROW_INVALID',
      `stored report ${row.id} of incident "${incidentId}" does not match the report schema ` +
        `(${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown issue'}): re-run \`opsight ingest\` on its bundle`,
    );
  }
  return parsed.data;
}
