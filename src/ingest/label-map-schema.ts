import { z } from 'zod';

/**
 * A label/annotation map: string values; numbers and booleans (sent by some non-Alertmanager
 * emitters) are kept as their string form. null or absent → `{}`.
 */
export const LabelMapSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .nullish()
  .transform((labels): Record<string, string> => {
    if (!labels) return {};
    // One pass over the map instead of a transform per value: alert files hold thousands of maps.
    for (const key in labels) if (typeof labels[key] !== 'string') return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
    return labels as Record<string, string>;
  });
