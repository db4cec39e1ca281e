import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { openDatabase } from '../../src/store/open-database.ts';

const BUNDLES = ['examples/demo-incident', 'evals/scenarios/01_config-payments', 'evals/scenarios/02_feature-flag-ecommerce'];

/** An OpenAI-compatible /v1/embeddings stand-in: 256 letter-trigram counts of the input text. */
function trigramEmbedding(text: string): number[] {
  const vector = new Array<number>(256).fill(0);
  const clean = text.toLowerCase().replace(/[^a-z]+/g, ' ');
  for (let i = 0; i + 3 <= clean.length; i++) {
    let h = 7;
    for (const ch of clean.slice(i, i + 3)) h = (h * 31 + ch.charCodeAt(0)) % 256;
    vector[h]! += 1;
  }
  return vector;
}

describe('ingest and similar with OPSIGHT_EMBEDDING_MODEL (an OpenAI-compatible embeddings endpoint)', () => {
  let server: Server;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const inputs: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { input } = JSON.parse(body) as { input: string };
        inputs.push(input);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', model: 'fake-embed', data: [{ object: 'embedding', index: 0, embedding: trigramEmbedding(input) }], usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = await mkdtemp(join(tmpdir(), 'opsight-embed-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data'), OPSIGHT_EMBEDDING_MODEL: 'fake-embed', OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the model embedding beside the local one and searches with the model’s vectors only', async () => {
    const ingest = captureIo();
    expect(await runCli(['ingest', ...BUNDLES], ingest.io, env)).toBe(0);
    expect(inputs).toHaveLength(BUNDLES.length);
    expect(inputs[0]).toMatch(/^Incident: /);

    const db = await openDatabase({ dataDir: env.OPSIGHT_DATA_DIR });
    const rows = await db.query<{ embedder: string; n: number }>(`SELECT embedder, count(*)::int AS n FROM embeddings GROUP BY embedder ORDER BY embedder`);
    await db.close();
    expect(rows).toEqual([{ embedder: 'local-hash-v1', n: 3 }, { embedder: 'openai:fake-embed@256', n: 3 }]);

    const similar = captureIo();
    expect(await runCli(['similar', 'INC-2041', '--format', 'json'], similar.io, env)).toBe(0);
    const output = JSON.parse(similar.out()) as { embedder: string; similar: Array<{ incidentId: string; similarity: number }> };
    expect(output.embedder).toBe('openai:fake-embed@256');
    expect(output.similar).toHaveLength(2);
    expect(output.similar.map((s) => s.incidentId)).not.toContain('INC-2041');
  });
});
