import { z } from 'zod';

/**
 * A label/annotation map: string values; numbers and booleans (sent by some non-Alertmanager
 * emitters) are kept as their string form. null or absent → `{}`.
 */
export const LabelMapSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
  .nullish()
  .transform((labels) => labels ?? {});
