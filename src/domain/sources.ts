import { z } from 'zod';

/** The optional sources of a bundle; a report lists the ones that were absent. */
export const SourceNameSchema = z.enum(['slack', 'alerts', 'metrics', 'logs', 'changes', 'topology']);
export type SourceName = z.infer<typeof SourceNameSchema>;

/** Where a piece of evidence came from: enough for a human to find it again. */
export const SourceRefSchema = z.object({
  type: z.enum(['slack', 'alert', 'metric', 'change', 'log', 'topology', 'analysis']),
  ref: z.string(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** A non-fatal problem met while reading a bundle (one bad JSONL line, a non-numeric sample). */
export const IngestProblemSchema = z.object({
  file: z.string(),
  field: z.string(),
  message: z.string(),
});
export type IngestProblem = z.infer<typeof IngestProblemSchema>;
