import { z } from 'zod';

/** The `jobs` section of the settings file (OPSIGHT_CONFIG): how the queue retries and supervises jobs. */
export const JobsSettingsSchema = z.object({
  /** Attempts after the first one before a job is failed for good. */
  retryLimit: z.number().int().min(0).max(100).default(3),
  /** Seconds before the first retry; doubled each time (exponential backoff). */
  retryDelaySeconds: z.number().int().min(0).max(3600).default(30),
  /** A job still active after this long is taken to have lost its worker and is retried. */
  expireInSeconds: z.number().int().min(1).max(24 * 3600).default(15 * 60),
  /** How often an idle worker looks for new jobs. */
  pollingIntervalSeconds: z.number().min(0.5).max(60).default(2),
  /** How often expired jobs are failed (and so retried). */
  maintenanceIntervalSeconds: z.number().int().min(1).max(3600).default(60),
  /** How often a scheduling process checks the cron schedules (pg-boss allows 1–45 s). */
  cronCheckIntervalSeconds: z.number().int().min(1).max(45).default(30),
  /** Jobs one worker process runs at the same time per queue. */
  concurrency: z.number().int().min(1).max(32).default(1),
  /** pg-boss's own schema in the database. */
  schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier').default('pgboss'),
}).strict();
export type JobsSettings = z.infer<typeof JobsSettingsSchema>;

/** The `retro` section: when the nightly retrospective runs and where it is posted. */
export const RetroSettingsSchema = z.object({
  /** Five-field cron expression, in `timezone`. */
  schedule: z.string().regex(/^\s*\S+(\s+\S+){4}\s*$/, 'must be a five-field cron expression such as "0 6 * * *"').default('0 6 * * *'),
  /** IANA time zone of `schedule`, e.g. "Europe/Berlin". */
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "UTC" or "Europe/Berlin"').default('UTC'),
  /** Incidents resolved in this window before the run are drafted, e.g. "24h". */
  lookback: z.string().regex(/^\d+(\.\d+)?[mhdw]$/, 'must be a duration like 24h or 2d').default('24h'),
  /** Channel to post to when the incident has none of its own; absent → only stored. */
  channel: z.string().min(1).optional(),
  /** Turn the nightly schedule off (opsight retro still works by hand). */
  enabled: z.boolean().default(true),
}).strict();
export type RetroSettings = z.infer<typeof RetroSettingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
