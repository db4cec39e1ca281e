import { z } from 'zod';
import { parseRfc3339Ms } from '../../src/ingest/index.ts';

/**
 * A tool argument holding an RFC 3339 timestamp with a zone (`2026-03-04T15:02:11Z`). Invalid text fails
 * input validation with a message the model can act on.
 */
export function rfc3339Arg(description: string) {
  return z
    .string()
    .refine((text) => parseRfc3339Ms(text) !== undefined, {
      message: 'must be an RFC 3339 timestamp with a zone, like 2026-03-04T15:02:11Z',
    })
    .describe(description);
}
