import { z } from 'zod';
import { RootCauseKindSchema } from '../domain/index.ts';
import type { Database, Queryable } from './database.ts';
import { StoreError } from './store-error.ts';

const VECTOR_DIMS = 256;

/** A stored incident close to the one asked about, with what was found and proposed for it. */
export interface SimilarIncident {
  incidentId: string;
  title: string;
  /** `rootCauses[0]` of the incident's latest report; absent when it named none. */
  rootCause?: { service: string; kind: z.infer<typeof RootCauseKindSchema> };
  /** `proposedCommands[0]` of the latest report: the first proposed fix. */
  proposedCommand?: { command: string; args: Record<string, string> };
  /** Cosine similarity, 1 − pgvector's cosine distance (`<=>`): 1 is the same direction. */
  similarity: number;
}

/** Options of {@link findSimilarIncidents}. */
export interface FindSimilarOptions {
  /** At most this many incidents (default 5, at most 100). */
  limit?: number;
  /** Leave this incident out (the one asked about). */
  excludeIncidentId?: string;
}

/**
 * Inserts or replaces the embedding of an incident by one embedder. Vectors shorter than 256 are
 * zero-padded (the column is `vector(256)`); `dims` keeps the embedder's own size.
 */
export async function upsertIncidentEmbedding(db: Queryable, incidentId: string, embedder: string, embedding: readonly number[]): Promise<void> {
  await db.query(
    `INSERT INTO embeddings (incident_id, embedder, dims, embedding) VALUES ($1, $2, $3, $4::vector)
     ON CONFLICT (incident_id, embedder) DO UPDATE SET dims = EXCLUDED.dims, embedding = EXCLUDED.embedding, created_at = now()`,
    [incidentId, embedder, embedding.length, toVectorLiteral(embedding)],
  );
}

/** The stored embedding of an incident by `embedder` (256 numbers), or `undefined` when there is none. */
export async function getIncidentEmbedding(db: Queryable, incidentId: string, embedder: string): Promise<number[] | undefined> {
  const [row] = await db.query<{ embedding: string }>(
    `SELECT embedding::text AS embedding FROM embeddings WHERE incident_id = $1 AND embedder = $2`,
    [incidentId, embedder],
  );
  return row ? (JSON.parse(row.embedding) as number[]) : undefined;
}

const SimilarRowSchema = z.object({
  incident_id: z.string(),
  title: z.string(),
  distance: z.coerce.number(),
  root_cause: z.object({ service: z.string(), kind: RootCauseKindSchema }).nullable(),
  proposed_command: z.object({ command: z.string(), args: z.record(z.string(), z.string()) }).nullable(),
});

/**
 * The stored incidents whose embeddings by the same `embedder` are nearest to `embedding` by cosine
 * distance (pgvector `<=>`, served by the `embeddings_hnsw` index; approximate, like any HNSW search),
 * nearest first, each with the root cause and first proposed command of its latest report.
 * Vectors of other embedders are never compared.
 */
export async function findSimilarIncidents(
  db: Database,
  embedding: readonly number[],
  embedder: string,
  options: FindSimilarOptions = {},
): Promise<SimilarIncident[]> {
  const limit = Math.max(1, Math.min(100, Math.floor(options.limit ?? 5)));
  const rows = await db.transaction(async (tx) => {
    // The index is searched first and filtered after (embedder, exclusion): look at more candidates.
    await tx.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(Math.max(40, 4 * limit + 10))]);
    return tx.query(
      `SELECT e.incident_id, i.title, e.distance,
              r.report -> 'rootCauses' -> 0 AS root_cause,
              r.report -> 'proposedCommands' -> 0 AS proposed_command
       FROM (SELECT incident_id, embedding <=> $1::vector AS distance
             FROM embeddings
             WHERE embedder = $2 AND incident_id IS DISTINCT FROM $3
             ORDER BY embedding <=> $1::vector
             LIMIT $4) e
       JOIN incidents i ON i.id = e.incident_id
       LEFT JOIN LATERAL (SELECT report FROM reports WHERE incident_id = e.incident_id
                          ORDER BY created_at DESC, id DESC LIMIT 1) r ON true
       ORDER BY e.distance, e.incident_id`,
      [toVectorLiteral(embedding), embedder, options.excludeIncidentId ?? null, limit],
    );
  });
  return rows.map((raw) => {
    const parsed = SimilarRowSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StoreError(
        'STORE_ROW_INVALID',
        `stored report of a similar incident does not have the expected root cause or proposed command ` +
          `(${parsed.error.issues[0]?.path.join('.') ?? '?'}): re-run \`opsight ingest\` on its bundle`,
      );
    }
    const row = parsed.data;
    return {
      incidentId: row.incident_id,
      title: row.title,
      ...(row.root_cause ? { rootCause: { service: row.root_cause.service, kind: row.root_cause.kind } } : {}),
      ...(row.proposed_command ? { proposedCommand: { command: row.proposed_command.command, args: row.proposed_command.args } } : {}),
      similarity: 1 - row.distance,
    };
  });
}

function toVectorLiteral(embedding: readonly number[]): string {
  if (embedding.length === 0 || embedding.length > VECTOR_DIMS || !embedding.every(Number.isFinite)) {
    throw new StoreError(
      'STORE_ROW_INVALID',
      `an embedding must have 1–${VECTOR_DIMS} finite numbers, got ${embedding.length}: check the embedder`,
    );
  }
  const padded = [...embedding, ...new Array<number>(VECTOR_DIMS - embedding.length).fill(0)];
  return `[${padded.join(',')}]`;
}
