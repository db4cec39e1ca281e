import { z } from 'zod';
import { BundleError } from '../../src/domain/index.ts';

/**
 * `target.json` reduced to what a bundle may know. zod strips unknown keys, so
 * `metadata.reproducibility` (how the fault was injected: leakage) never leaves this function.
 */
export const PetshopTargetSchema = z.object({
  target: z.object({
    node: z.string().min(1),
    metric: z.enum(['latency', 'availability']),
    agg: z.string().min(1),
    /** Issue time, unix seconds. */
    timestamp: z.number(),
  }),
  root_cause: z.object({ node: z.string().min(1) }),
});
export type PetshopTarget = z.infer<typeof PetshopTargetSchema>;

/**
 * Parses a PetShop `target.json` (ground truth), keeping only the target and the root-cause node.
 * @throws BundleError on the first field that does not match
 */
export function convertTarget(text: string, file = 'target.json'): PetshopTarget {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BundleError(file, '$', 'JSON', text);
  }
  const parsed = PetshopTargetSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new BundleError(file, issue?.path.join('.') || '$', issue?.message ?? 'valid', json);
}
