import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { OpsightError } from '../domain/errors.ts';
import type { Database } from '../store/database.ts';
import { JobsSettingsSchema, type JobsSettings } from './jobs-settings.ts';
import { pgBossDatabase } from './pg-boss-database.ts';

/** Queue names in pg-boss. */
export const ANALYSIS_QUEUE = 'opsight-analysis';
export const RETRO_QUEUE = 'opsight-retro';
export const SLACK_QUEUE = 'opsight-slack';

/** Analyze a bundle directory and store the report. */
export const AnalysisRequestSchema = z.object({
  bundleDir: z.string().min(1),
  /** Who asked (a Slack user, `cli`), for logs. */
  requestedBy: z.string().min(1).optional(),
});
export type AnalysisRequest = z.infer<typeof AnalysisRequestSchema>;

/** Draft retrospectives: of one incident, or of those resolved in the `lookback` before the run. */
export const RetroRequestSchema = z.object({
  incidentId: z.string().min(1).optional(),
  lookback: z.string().regex(/^\d+(\.\d+)?[mhdw]$/).optional(),
});
export type RetroRequest = z.infer<typeof RetroRequestSchema>;

/** Answer an @mention: replace the "looking…" placeholder (or post in the thread) with the summary or the answer. */
export const SlackMentionWorkSchema = z.object({
  kind: z.literal('mention'),
  channelId: z.string().min(1),
  /** The thread the reply goes to (the mention's thread, or the mention itself). */
  replyThreadTs: z.string().min(1),
  /** The thread the mention was written in; absent for a mention at channel level. */
  threadTs: z.string().min(1).optional(),
  question: z.string().min(1).optional(),
  userId: z.string().min(1),
  /** The "looking…" message to replace; absent when it could not be posted. */
  placeholderTs: z.string().min(1).optional(),
  /** The Slack event id (duplicate deliveries of it are one job). */
  eventId: z.string().min(1).optional(),
});

/** Run a `/incident <subcommand>` and answer through its `response_url`. */
export const SlackCommandWorkSchema = z.object({
  kind: z.literal('command'),
  subcommand: z.string().min(1),
  commandName: z.string().min(1),
  channelId: z.string().min(1),
  channelName: z.string(),
  userId: z.string().min(1),
  userName: z.string(),
  argText: z.string(),
  args: z.array(z.string()),
  responseUrl: z.string(),
  triggerId: z.string(),
});

/** Slack work after the ack, run by `opsight serve` processes. */
export const SlackWorkSchema = z.discriminatedUnion('kind', [SlackMentionWorkSchema, SlackCommandWorkSchema]);
export type SlackWork = z.infer<typeof SlackWorkSchema>;

/**
 * Slack replies are awaited by a person: retried soon (1 s, then 2 s) and twice only, after which the
 * handler answers with an apology; an attempt still running after 5 minutes lost its process.
 */
export const SLACK_QUEUE_OPTIONS = { retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 300 } as const;

/** What a handler learns about the job it runs. */
export interface JobContext {
  id: string;
  queue: string;
}

/** A Slack job's attempt: `retryCount` retries so far of at most `retryLimit` (equal → the last attempt). */
export interface SlackJobContext extends JobContext {
  retryCount: number;
  retryLimit: number;
}

/** The work a worker process does; a handler that throws fails the attempt, and the job is retried. */
export interface JobHandlers {
  analysis?: (request: AnalysisRequest, job: JobContext) => Promise<void>;
  retro?: (request: RetroRequest, job: JobContext) => Promise<void>;
}

/** A stored job's state, for status output and tests. */
export interface JobStatus {
  id: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  /** What the last failed attempt threw, when it failed. */
  output?: unknown;
}

/**
 * The job queue port: analysis requests and the nightly retrospective, on the store's Postgres
 * (or PGlite). Each job is handed to one worker at a time (`FOR UPDATE SKIP LOCKED` inside pg-boss);
 * a job whose handler throws, or whose worker vanishes (still active after `expireInSeconds`), is
 * retried with exponential backoff up to `retryLimit`; jobs are rows, so a restart loses none.
 */
export interface JobQueue {
  enqueueAnalysis(request: AnalysisRequest): Promise<string>;
  enqueueRetro(request: RetroRequest): Promise<string>;
  /** (Re)places the nightly retrospective schedule: five-field cron in an IANA time zone. */
  scheduleNightlyRetro(schedule: { cron: string; timezone: string; lookback?: string }): Promise<void>;
  unscheduleNightlyRetro(): Promise<void>;
  /**
   * Queues Slack work and wakes this process's Slack workers at once. With `dedupeKey` (the Slack event
   * id) a second job for the same key is dropped, in every process on the store: resolves undefined.
   */
  enqueueSlack(work: SlackWork, options?: { dedupeKey?: string }): Promise<string | undefined>;
  /** Starts `concurrency` Slack workers in this process (a throwing handler fails the attempt; it is retried). */
  workSlack(handler: (work: SlackWork, job: SlackJobContext) => Promise<void>, options?: { concurrency?: number }): Promise<void>;
  /** Starts polling for the queues that have a handler. */
  work(handlers: JobHandlers): Promise<void>;
  getJob(queue: typeof ANALYSIS_QUEUE | typeof RETRO_QUEUE | typeof SLACK_QUEUE, id: string): Promise<JobStatus | undefined>;
  /** Stops polling, waits up to `timeoutMs` (default 30 s) for running handlers, fails (→ retries) the rest. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** A job's data did not match its queue's schema (it was enqueued by something else or by hand). */
export class JobDataError extends OpsightError {
  constructor(queue: string, id: string, problems: string) {
    super('JOB_DATA_INVALID', `job ${id} of ${queue} has invalid data (${problems}); enqueue it again with the fields the queue expects`);
  }
}

/** The nightly schedule was refused (pg-boss parses the cron expression in the time zone). */
export class JobScheduleError extends OpsightError {
  constructor(cron: string, timezone: string, reason: string) {
    super('JOB_SCHEDULE_INVALID', `retro.schedule "${cron}" in ${timezone} is not a valid cron expression (${reason}); use five fields such as "0 6 * * *"`);
  }
}

/** Options of {@link openJobQueue}. */
export interface OpenJobQueueOptions {
  /** Queue behaviour; defaults from `JobsSettingsSchema`. */
  settings?: Partial<JobsSettings>;
  /** Whether this process runs the cron scheduler (workers do; a process that only enqueues need not). */
  schedule?: boolean;
  /** Errors pg-boss meets in the background (lost connection while polling); default: written to stderr. */
  onError?: (error: Error) => void;
}

/**
 * Opens the job queue on the store's database through pg-boss (installing or upgrading pg-boss's
 * schema, default `pgboss`, on first use) and creates the opsight queues.
 */
export async function openJobQueue(db: Database, options: OpenJobQueueOptions = {}): Promise<JobQueue> {
  const settings = JobsSettingsSchema.parse(options.settings ?? {});
  const boss = new PgBoss({
    db: pgBossDatabase(db) as PgBoss.Db,
    schema: settings.schema,
    schedule: options.schedule ?? false,
    supervise: true,
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
    cronMonitorIntervalSeconds: settings.cronCheckIntervalSeconds,
    cronWorkerIntervalSeconds: Math.min(settings.cronCheckIntervalSeconds, 5),
  } as PgBoss.ConstructorOptions);
  boss.on('error', options.onError ?? ((error: Error) => process.stderr.write(`opsight jobs: ${error.message}\n`)));
  await boss.start();
  const queueOptions = {
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: settings.retryDelaySeconds > 0,
    expireInSeconds: settings.expireInSeconds,
  };
  for (const [name, options] of [[ANALYSIS_QUEUE, queueOptions], [RETRO_QUEUE, queueOptions], [SLACK_QUEUE, SLACK_QUEUE_OPTIONS]] as const) {
    await boss.createQueue(name, { name, ...options });
    await boss.updateQueue(name, { name, ...options });
  }
  const slackWorkerIds: string[] = [];

  const send = async (queue: string, data: object): Promise<string> => {
    const id = await boss.send(queue, data);
    if (!id) throw new Error(`pg-boss did not accept a job for ${queue}`);
    return id;
  };

  const workOn = async <S extends z.ZodType>(queue: string, schema: S, handler: (request: z.infer<S>, job: JobContext) => Promise<void>) => {
    await boss.work<unknown>(queue, { batchSize: 1, pollingIntervalSeconds: settings.pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      const parsed = schema.safeParse(job.data);
      if (!parsed.success) {
        throw new JobDataError(queue, job.id, parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; '));
      }
      await handler(parsed.data, { id: job.id, queue });
    });
  };

  return {
    async enqueueSlack(work, { dedupeKey } = {}) {
      const data = SlackWorkSchema.parse(work);
      // A job id derived from the key: pg-boss inserts ON CONFLICT DO NOTHING, so a duplicate returns null.
      const id = await boss.send(SLACK_QUEUE, data, dedupeKey ? { id: uuidFromKey(`${SLACK_QUEUE}:${dedupeKey}`), singletonKey: dedupeKey } : {});
      for (const workerId of slackWorkerIds) boss.notifyWorker(workerId);
      return id ?? undefined;
    },
    async workSlack(handler, { concurrency = 1 } = {}) {
      for (let i = 0; i < concurrency; i++) {
        let workerId = '';
        workerId = await boss.work<unknown>(SLACK_QUEUE, { batchSize: 1, pollingIntervalSeconds: settings.pollingIntervalSeconds, includeMetadata: true }, async ([job]) => {
          if (!job) return;
          try {
            const parsed = SlackWorkSchema.safeParse(job.data);
            if (!parsed.success) {
              throw new JobDataError(SLACK_QUEUE, job.id, parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; '));
            }
            await handler(parsed.data, { id: job.id, queue: SLACK_QUEUE, retryCount: job.retryCount, retryLimit: job.retryLimit });
          } finally {
            // pg-boss would sleep a polling interval after each job; a burst is worked through back to back.
            boss.notifyWorker(workerId);
          }
        });
        slackWorkerIds.push(workerId);
      }
    },
    enqueueAnalysis: (request) => send(ANALYSIS_QUEUE, AnalysisRequestSchema.parse(request)),
    enqueueRetro: (request) => send(RETRO_QUEUE, RetroRequestSchema.parse(request)),
    async scheduleNightlyRetro({ cron, timezone, lookback }) {
      try {
        await boss.schedule(RETRO_QUEUE, cron, RetroRequestSchema.parse(lookback ? { lookback } : {}), { tz: timezone });
      } catch (error) {
        if (error instanceof OpsightError) throw error;
        throw new JobScheduleError(cron, timezone, (error as Error).message);
      }
    },
    unscheduleNightlyRetro: () => boss.unschedule(RETRO_QUEUE),
    async work(handlers) {
      // Several pollers per queue give concurrency; each fetch still takes one job under SKIP LOCKED.
      for (let i = 0; i < settings.concurrency; i++) {
        if (handlers.analysis) await workOn(ANALYSIS_QUEUE, AnalysisRequestSchema, handlers.analysis);
        if (handlers.retro) await workOn(RETRO_QUEUE, RetroRequestSchema, handlers.retro);
      }
    },
    async getJob(queue, id) {
      const job = await boss.getJobById(queue, id);
      if (!job) return undefined;
      return { id: job.id, state: job.state, retryCount: job.retryCount, ...(job.output ? { output: job.output } : {}) };
    },
    stop: ({ timeoutMs = 30_000 } = {}) => boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs }),
  };
}

/** A UUID (version 4 layout) derived from `key`, so the same key always names the same job. */
function uuidFromKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
