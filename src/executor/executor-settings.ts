import { z } from 'zod';

/** The `executor` section of the settings file. */
export const ExecutorSettingsSchema = z.object({
  /** Captured output kept per run (after redaction); the middle is cut beyond this. */
  maxOutputChars: z.number().int().min(200).max(1_000_000).default(4000),
  /** Per-user limit on approvals (each approval can start a run). */
  rateLimit: z
    .object({
      approvals: z.number().int().min(1).default(20),
      windowMinutes: z.number().positive().default(10),
    })
    .default({ approvals: 20, windowMinutes: 10 }),
  /** A run still marked running this long after its timeout is treated as interrupted (process crash). */
  staleGraceSeconds: z.number().int().min(0).default(60),
});
export type ExecutorSettings = z.infer<typeof ExecutorSettingsSchema>;
