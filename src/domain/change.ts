import { z } from 'zod';

export const KnownChangeTypes = [
  'deploy', 'rollback', 'config', 'feature_flag', 'scale', 'infra',
  'secret_rotation', 'certificate', 'migration', 'job',
] as const;

/** A CloudEvents 1.0 change event, reduced. `type` keeps the event's own value (other values allowed). */
export const ChangeEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  /** The service (CloudEvents `subject`). */
  service: z.string(),
  timeMs: z.number(),
  source: z.string(),
  environment: z.string().optional(),
  version: z.string().optional(),
  previousVersion: z.string().optional(),
  author: z.string().optional(),
  description: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
  /** `changes.jsonl:<line>` */
  ref: z.string(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;
