import type { Queryable } from './database.ts';

/** A stored incident a retrospective is drafted for, with every column of its row (later migrations add some). */
export interface RetroCandidate {
  id: string;
  /** `to_jsonb` of the incident row: `bundle_path`, `source_channel`, and `channel_id`/`channel_name` once 0004 is applied. */
  row: Record<string, unknown>;
}

/** The incidents resolved in `(from, to]`, earliest first; or the one incident `incidentId` (resolved or not). */
export async function findRetroCandidates(db: Queryable, window: { from: Date; to: Date } | { incidentId: string }): Promise<RetroCandidate[]> {
  if ('incidentId' in window) {
    return db.query<RetroCandidate>(`SELECT i.id, to_jsonb(i) AS row FROM incidents i WHERE i.id = $1`, [window.incidentId]);
  }
  return db.query<RetroCandidate>(
    `SELECT i.id, to_jsonb(i) AS row FROM incidents i WHERE i.resolved_at > $1 AND i.resolved_at <= $2 ORDER BY i.resolved_at, i.id`,
    [window.from.toISOString(), window.to.toISOString()],
  );
}

/** Id of the incident's latest report, or undefined when it has none. */
export async function getLatestReportId(db: Queryable, incidentId: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM reports WHERE incident_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [incidentId],
  );
  return row?.id;
}

/** Whether a retrospective was already drafted from this report. */
export async function hasRetrospective(db: Queryable, incidentId: string, reportId: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM retrospectives WHERE incident_id = $1 AND report_id = $2::bigint`, [incidentId, reportId]);
  return rows.length > 0;
}

/** Stores (or replaces) the draft of one incident's report, unpublished; returns its id. */
export async function saveRetrospective(
  db: Queryable,
  draft: { incidentId: string; reportId: string; title: string; markdown: string; channel?: string },
): Promise<string> {
  const [stored] = await db.query<{ id: string }>(
    `INSERT INTO retrospectives (incident_id, report_id, title, markdown, channel) VALUES ($1, $2::bigint, $3, $4, $5)
     ON CONFLICT (incident_id, report_id) DO UPDATE SET title = EXCLUDED.title, markdown = EXCLUDED.markdown,
       channel = EXCLUDED.channel, drafted_at = now(), published_at = NULL, publish_error = NULL
     RETURNING id::text AS id`,
    [draft.incidentId, draft.reportId, draft.title, draft.markdown, draft.channel ?? null],
  );
  return stored!.id;
}

/** Records that a stored draft was published, or why publishing failed (first 1000 characters). */
export async function recordRetrospectivePublication(db: Queryable, id: string, outcome: { error?: string }): Promise<void> {
  if (outcome.error === undefined) await db.query(`UPDATE retrospectives SET published_at = now(), publish_error = NULL WHERE id = $1::bigint`, [id]);
  else await db.query(`UPDATE retrospectives SET publish_error = $2 WHERE id = $1::bigint`, [id, outcome.error.slice(0, 1000)]);
}
