import { z } from 'zod';

/** A `limit` tool argument: a whole number from 1 to `max`, `defaultValue` when omitted. */
export function limitArg(defaultValue: number, max: number, what: string) {
  return z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(defaultValue)
    .describe(`Maximum number of ${what} to return (1-${max}, default ${defaultValue}). When more match, truncated is true and nextCursor (if present) fetches the next page.`);
}

/** A `cursor` tool argument: the opaque `nextCursor` of a previous call. */
export const cursorArg = z
  .string()
  .min(1)
  .optional()
  .describe('Opaque nextCursor from a previous call with the same other arguments; omit for the first page.');
