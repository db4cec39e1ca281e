import PgBoss from 'pg-boss';
import { z } from 'zod';
import { OpsightError } from '../domain/errors.ts';
import type { Database } from '../store/database.ts';
import { JobsSettingsSchema, type JobsSettings } from './jobs-settings.ts';
import { pgBossDatabase } from './pg-boss-database.ts';

/** Queue names in pg-boss. */
export const ANALYSIS_QUEUE = 'opsight-analysis';
export const RETRO_QUEUE = 'opsight-retro';

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

/** What a handler learns about the job it runs. */
export interface JobContext {
  id: string;
  queue: string;
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
  /** Starts polling for the queues that have a handler. */
  work(handlers: JobHandlers): Promise<void>;
  getJob(queue: typeof ANALYSIS_QUEUE | typeof RETRO_QUEUE, id: string): Promise<JobStatus | undefined>;
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
  for (const name of [ANALYSIS_QUEUE, RETRO_QUEUE]) {
    await boss.createQueue(name, { name, ...queueOptions });
    await boss.updateQueue(name, { name, ...queueOptions });
  }

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
