import type { ReportEmbedder } from '../embeddings/report-embedder.ts';
import { parseLookback } from '../retro/parse-lookback.ts';
import { runNightlyRetro, type RetroPublisher } from '../retro/run-nightly-retro.ts';
import type { RetroNarrator } from '../retro/with-narrative.ts';
import type { Database } from '../store/database.ts';
import type { JobQueue } from './job-queue.ts';
import { storeBundleAnalysis } from './store-bundle-analysis.ts';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Stops the worker gracefully when aborted (SIGINT/SIGTERM in the CLI). */
  signal: AbortSignal;
  /** Progress and failures, one line each. */
  log: (line: string) => void;
  /** Adds the model's narrative to retrospective drafts (when an LLM is configured). */
  narrate?: RetroNarrator;
  /** Also stores this model's embedding of each analyzed report (the local one is always stored). */
  embedder?: ReportEmbedder;
  /** Window of the nightly run when the job names none (the `retro.lookback` setting). */
  defaultLookback?: string;
  publish?: RetroPublisher;
  defaultChannel?: string;
  /** How long a graceful stop waits for running jobs before failing them back to the queue. */
  stopTimeoutMs?: number;
}

/**
 * Runs the job handlers until `signal` aborts, then stops gracefully: no new jobs are fetched,
 * running ones get `stopTimeoutMs` to finish, the rest are failed and so retried later.
 * Analysis requests analyze the bundle and store incident + report; retro jobs run the nightly retro.
 * A handler's error fails only that attempt (the queue retries it); the worker keeps running.
 */
export async function runWorker(db: Database, queue: JobQueue, options: RunWorkerOptions): Promise<void> {
  const { log } = options;
  await queue.work({
    async analysis(request, job) {
      try {
        const { report, reportId } = await storeBundleAnalysis(db, request.bundleDir, options.embedder);
        log(`job ${job.id}: stored ${report.incidentId} (report ${reportId}) from ${request.bundleDir}`);
      } catch (error) {
        log(`job ${job.id}: analysis of ${request.bundleDir} failed: ${(error as Error).message}`);
        throw error;
      }
    },
    async retro(request, job) {
      const lookback = request.lookback ?? options.defaultLookback ?? '24h';
      const outcomes = await runNightlyRetro(db, {
        lookbackMs: parseLookback(lookback, 'lookback'),
        ...(request.incidentId ? { incidentId: request.incidentId } : {}),
        ...(options.publish ? { publish: options.publish } : {}),
        ...(options.defaultChannel ? { defaultChannel: options.defaultChannel } : {}),
        ...(options.narrate ? { narrate: options.narrate } : {}),
      });
      log(`job ${job.id}: retrospectives (${request.incidentId ?? `resolved in the last ${lookback}`}): ${outcomes.length ? outcomes.map((o) => `${o.incidentId} ${o.status}${o.publication ? ` (${o.publication})` : o.reason ? ` (${o.reason})` : ''}`).join('; ') : 'none to draft'}`);
    },
  });
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log('stopping: waiting for running jobs');
  await queue.stop({ timeoutMs: options.stopTimeoutMs ?? 30_000 });
}
