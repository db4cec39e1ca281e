import { z } from 'zod';
import { RootCauseKindSchema, SignalLabelSchema, SignalSourceSchema } from '../domain/index.ts';
import type { Queryable } from './database.ts';
import { groupSignalClusters, type ClusterSignalInput, type SignalCluster } from './group-signal-clusters.ts';
import { StoreError } from './store-error.ts';

/** Options of {@link findSignalClusters}. */
export interface FindSignalClustersOptions {
  /** Only incidents opened at or after this time; absent → all stored incidents. */
  since?: Date;
  /** A cluster needs signals from at least this many incidents (default 2). */
  minIncidents?: number;
  /** At most this many clusters, most widespread first (default 50). */
  limit?: number;
  /** Also cluster signals labelled `unrelated` (background changes, noise); default false. */
  includeUnrelated?: boolean;
}

const ClusterRowSchema = z.object({
  incident_id: z.string(),
  incident_title: z.string(),
  service: z.string(),
  kind: RootCauseKindSchema,
  label: SignalLabelSchema,
  confidence: z.coerce.number(),
  signal: z.object({ id: z.string(), source: SignalSourceSchema, title: z.string(), startedAt: z.string() }),
});

/**
 * Recurring signal clusters over the latest report of every stored incident (opened since
 * `since`): the same service, kind, source and signal shape in at least `minIncidents` incidents,
 * with how many incidents, first/last seen, example incidents and the typical label.
 */
export async function findSignalClusters(db: Queryable, options: FindSignalClustersOptions = {}): Promise<SignalCluster[]> {
  const rows = await db.query(
    `WITH latest AS (
       SELECT DISTINCT ON (incident_id) id, incident_id FROM reports ORDER BY incident_id, created_at DESC, id DESC
     )
     SELECT s.incident_id, i.title AS incident_title, s.service, s.kind, s.label, s.confidence,
            jsonb_build_object('id', s.signal -> 'id', 'source', s.signal -> 'source', 'title', s.signal -> 'title', 'startedAt', s.signal -> 'startedAt') AS signal
     FROM latest
     JOIN signals s ON s.report_id = latest.id
     JOIN incidents i ON i.id = latest.incident_id
     WHERE ($1::timestamptz IS NULL OR i.opened_at >= $1::timestamptz)
       AND ($2::boolean OR s.label <> 'unrelated')`,
    [options.since?.toISOString() ?? null, options.includeUnrelated ?? false],
  );
  const inputs: ClusterSignalInput[] = rows.map((raw) => {
    const parsed = ClusterRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StoreError(
        'STORE_ROW_INVALID',
        `a stored signal of incident "${String((raw as { incident_id?: unknown }).incident_id)}" does not have the expected fields ` +
          `(${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown issue'}): re-run \`opsight ingest\` on its bundle`,
      );
    }
    const row = parsed.data;
    return {
      incidentId: row.incident_id,
      incidentTitle: row.incident_title,
      service: row.service,
      kind: row.kind,
      source: row.signal.source,
      label: row.label,
      confidence: row.confidence,
      title: row.signal.title,
      startedAt: row.signal.startedAt,
    };
  });
  const clusters = groupSignalClusters(inputs, options.minIncidents === undefined ? {} : { minIncidents: options.minIncidents });
  return clusters.slice(0, Math.max(1, options.limit ?? 50));
}
