import OpenAI from 'openai';
import { OpsightError } from '../domain/index.ts';
import type { ReportEmbedder } from './report-embedder.ts';
import { reportEmbeddingText } from './report-embedding-text.ts';

/** The store's `embeddings.embedding` is `vector(256)`: models are asked for 256 dimensions. */
export const OPENAI_EMBEDDING_DIMS = 256;

/** The embeddings endpoint failed or answered something the store cannot hold. */
export class EmbeddingError extends OpsightError {
  constructor(message: string) {
    super('EMBEDDING_FAILED', message);
  }
}

export interface OpenAiEmbedderOptions {
  model: string;
  baseURL?: string;
  apiKey?: string;
  timeoutMs?: number;
}

/**
 * Embeds reports with an OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure, Ollama, vLLM …),
 * asking for {@link OPENAI_EMBEDDING_DIMS} dimensions. Its name records the model and size, so its
 * vectors are only ever compared with vectors of the same model.
 */
export function createOpenAiReportEmbedder(options: OpenAiEmbedderOptions): ReportEmbedder {
  const client = new OpenAI({
    baseURL: options.baseURL,
    // Local servers (Ollama, llama.cpp) need no key, but the SDK insists on one.
    apiKey: options.apiKey ?? 'not-needed',
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: 2,
  });
  return {
    name: `openai:${options.model}@${OPENAI_EMBEDDING_DIMS}`,
    async embed(report) {
      let response;
      try {
        response = await client.embeddings.create({ model: options.model, input: reportEmbeddingText(report), dimensions: OPENAI_EMBEDDING_DIMS, encoding_format: 'float' });
      } catch (error) {
        throw new EmbeddingError(`embedding model "${options.model}" at ${options.baseURL ?? 'api.openai.com'} failed: ${(error as Error).message}. Unset OPSIGHT_EMBEDDING_MODEL to use the local embedder.`);
      }
      const vector = response.data[0]?.embedding;
      if (!Array.isArray(vector) || vector.length === 0 || vector.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
        throw new EmbeddingError(`embedding model "${options.model}" returned no usable vector`);
      }
      if (vector.length > OPENAI_EMBEDDING_DIMS) {
        throw new EmbeddingError(
          `embedding model "${options.model}" returned ${vector.length} dimensions but the store holds ${OPENAI_EMBEDDING_DIMS}: use a model that honours the \`dimensions\` parameter (text-embedding-3-*), or unset OPSIGHT_EMBEDDING_MODEL`,
        );
      }
      const norm = Math.hypot(...vector);
      return norm > 0 ? vector.map((x) => x / norm) : vector;
    },
  };
}
