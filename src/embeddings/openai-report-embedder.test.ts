import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport } from '../report/build-report.ts';
import { analyzeIncident } from '../analysis/analyze-incident.ts';
import { buildBundle } from '../analysis/testing/build-bundle.ts';
import { createOpenAiReportEmbedder } from './openai-report-embedder.ts';

const report = (() => {
  const bundle = buildBundle({ services: ['checkout'] });
  return buildReport(bundle, analyzeIncident(bundle));
})();

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function embeddingsServer(answer: (body: Record<string, unknown>) => { status: number; body: unknown }) {
  const requests: Array<{ url: string; auth?: string; body: Record<string, unknown> }> = [];
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      requests.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      const reply = answer(body);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests };
}

describe('createOpenAiReportEmbedder', () => {
  it('asks for 256 dimensions of the report text and returns a unit vector named after the model', async () => {
    const { baseURL, requests } = await embeddingsServer(() => ({ status: 200, body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: Array.from({ length: 256 }, (_, i) => (i % 7) - 3) }], model: 'm', usage: { prompt_tokens: 5, total_tokens: 5 } } }));
    const embedder = createOpenAiReportEmbedder({ model: 'text-embedding-3-small', baseURL, apiKey: 'sk-test' });
    const vector = await embedder.embed(report);
    expect(embedder.name).toBe('openai:text-embedding-3-small@256');
    expect(vector).toHaveLength(256);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 9);
    expect(requests[0]).toMatchObject({ url: '/v1/embeddings', auth: 'Bearer sk-test', body: { model: 'text-embedding-3-small', dimensions: 256 } });
    expect(String(requests[0]!.body.input)).toContain(`Incident: ${report.title}`);
  });

  it('refuses a model that ignores the dimensions parameter, saying what to do', async () => {
    const { baseURL } = await embeddingsServer(() => ({ status: 200, body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: new Array(768).fill(0.1) }], model: 'nomic', usage: { prompt_tokens: 1, total_tokens: 1 } } }));
    await expect(createOpenAiReportEmbedder({ model: 'nomic-embed-text', baseURL }).embed(report)).rejects.toThrow(/768 dimensions but the store holds 256/);
  });

  it('turns an endpoint error into an EmbeddingError naming the model', async () => {
    const { baseURL } = await embeddingsServer(() => ({ status: 401, body: { error: { message: 'bad key', type: 'invalid_request_error' } } }));
    await expect(createOpenAiReportEmbedder({ model: 'text-embedding-3-small', baseURL }).embed(report)).rejects.toThrow(/embedding model "text-embedding-3-small" .* failed/);
  });
});
