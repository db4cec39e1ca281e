import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { storeDrivers } from './store-drivers.ts';
import { useMigratedStore } from './use-migrated-store.ts';

/** A pgvector literal of 256 dimensions: `head` followed by zeros. */
function vec(head: number[]): string {
  return `[${[...head, ...new Array<number>(256 - head.length).fill(0)].join(',')}]`;
}

describe.each(storeDrivers())('embeddings on $name', ({ setup }) => {
  let db: Database;
  useMigratedStore(setup, (store) => ({ db } = store));
  beforeEach(async () => {
    for (const id of ['east', 'north', 'north-east']) {
      await db.query(`INSERT INTO incidents (id, title, severity, opened_at) VALUES ($1, $1, 'sev2', now())`, [id]);
    }
  });

  it('stores vectors and finds nearest neighbours by cosine distance, with an HNSW cosine index', async () => {
    const rows: Array<[string, number[]]> = [
      ['east', [1, 0]],
      ['north', [0, 1]],
      ['north-east', [1, 1]],
    ];
    for (const [id, head] of rows) {
      await db.query(`INSERT INTO embeddings (incident_id, embedder, dims, embedding) VALUES ($1, 'test', 2, $2::vector)`, [id, vec(head)]);
    }
    const nearest = await db.query<{ incident_id: string; distance: number }>(
      `SELECT incident_id, embedding <=> $1::vector AS distance FROM embeddings ORDER BY embedding <=> $1::vector LIMIT 2`,
      [vec([0.9, 0.1])],
    );
    expect(nearest.map((r) => r.incident_id)).toEqual(['east', 'north-east']);
    expect(Number(nearest[0]!.distance)).toBeCloseTo(1 - 0.9 / Math.hypot(0.9, 0.1), 6);

    const index = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'embeddings_hnsw'`);
    expect(index[0]?.indexdef).toMatch(/hnsw.*vector_cosine_ops/);
  });

  it('rejects a vector of the wrong size', async () => {
    await expect(
      db.query(`INSERT INTO embeddings (incident_id, embedder, dims, embedding) VALUES ('east', 'test', 3, '[1,2,3]'::vector)`),
    ).rejects.toThrow(/256/);
  });
});
