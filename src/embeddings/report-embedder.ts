import type { Report } from '../domain/index.ts';
import { embedReportLocally, LOCAL_EMBEDDER_NAME } from '../analysis/local-hash-embedder.ts';

/**
 * Turns an analysis report into a vector for similar-incident search. `name` is stored with every
 * vector: vectors of different embedders are never compared.
 */
export interface ReportEmbedder {
  readonly name: string;
  embed(report: Report): Promise<number[]>;
}

/** The default: feature hashing of the report, no model and no network (`local-hash-v1`). */
export const localReportEmbedder: ReportEmbedder = {
  name: LOCAL_EMBEDDER_NAME,
  embed: async (report) => embedReportLocally(report),
};
