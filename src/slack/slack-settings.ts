import { z } from 'zod';
import { SeveritySchema } from '../domain/incident.ts';

/** The `slack` section of the OPSIGHT_CONFIG settings file; every field has a default, so no file is needed. */
export const SlackSettingsSchema = z.strictObject({
  /** The slash command as configured in the Slack app (another incident bot may already own `/incident`). */
  commandName: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command like /incident').default('/incident'),
  /** Incident bundle directory per channel (name or id), for the sources besides chat (alerts, metrics, logs, changes, topology). */
  bundleDirs: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Severity when neither a bundle nor the channel's topic/purpose/messages say `sev1`…`sev4`. */
  defaultSeverity: SeveritySchema.default('sev3'),
  /** At most this many channel messages are read per analysis. */
  maxHistoryMessages: z.number().int().min(1).max(50_000).default(2000),
  /** At most this many threads' replies are read per analysis. */
  maxThreads: z.number().int().min(0).max(500).default(20),
  /** A channel's history read is reused this long by later requests (a burst of mentions reads it once; Slack rate-limits conversations.history). 0 = always re-read. */
  historyReuseSeconds: z.number().min(0).max(300).default(5),
  /** Analyses running at once; more wait in the queue (acks never wait). */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** How long a Slack event id is remembered to drop re-deliveries. */
  dedupeTtlSeconds: z.number().int().min(1).max(86_400).default(3600),
  /**
   * At start, a request the last run acknowledged but never handed on is answered when younger than this,
   * else apologized for. 30 minutes: a slash command's response_url expires then. At most an hour, well
   * inside the time the job queue keeps finished jobs (which is what makes a replay of an inserted job a no-op).
   */
  replayMaxAgeSeconds: z.number().int().min(0).max(3600).default(1800),
});
export type SlackSettings = z.infer<typeof SlackSettingsSchema>;
