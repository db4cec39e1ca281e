import type { Config } from '../config.ts';
import { createOpenAiReportEmbedder } from './openai-report-embedder.ts';
import { localReportEmbedder, type ReportEmbedder } from './report-embedder.ts';

/** The OpenAI-compatible embedder when OPSIGHT_EMBEDDING_MODEL is set, else the local one. */
export function reportEmbedderFromConfig(config: Pick<Config, 'OPSIGHT_EMBEDDING_MODEL' | 'OPENAI_BASE_URL' | 'OPENAI_API_KEY'>): ReportEmbedder {
  if (!config.OPSIGHT_EMBEDDING_MODEL) return localReportEmbedder;
  return createOpenAiReportEmbedder({ model: config.OPSIGHT_EMBEDDING_MODEL, baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY });
}
