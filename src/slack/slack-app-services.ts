import type { Logger } from '@slack/bolt';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { AckFirstGate } from './ack-first-gate.ts';
import type { BackgroundWorkQueue } from './background-work-queue.ts';
import type { IntakeJournal } from './intake-journal.ts';
import type { SlackLifecycle } from './lifecycle-wiring.ts';
import type { OpsightMetrics } from './opsight-metrics.ts';
import type { IncidentResponder, ProposalDecisions, Redact } from './ports.ts';
import type { SlackPoster } from './slack-poster.ts';

/** The part of the job queue the Slack app uses. */
export type SlackJobs = Pick<JobQueue, 'enqueueSlack' | 'workSlack'>;

/** What every handler and `/incident` subcommand works with. */
export interface SlackAppServices {
  responder: IncidentResponder;
  decisions: ProposalDecisions;
  /** Posts redacted, limit-respecting messages. */
  poster: SlackPoster;
  /** The redaction every outgoing text passes (the poster applies it; `respond` replies too). */
  redact: Redact;
  metrics: OpsightMetrics;
  logger: Logger;
  /** Work after the ack. */
  queue: BackgroundWorkQueue;
  /** Short work that must not wait behind analyses (declaring an incident, lifecycle updates); defaults to `queue`. */
  urgentQueue?: BackgroundWorkQueue;
  /** The store's job queue for answers and `/incident` analyses (durable, shared by serve processes); absent → `queue`. */
  jobs?: SlackJobs;
  /** Lets pending acks out before follow-up work (a placeholder post, a reply); absent → no waiting. */
  ackFirst?: AckFirstGate;
  /** Where requests are journaled before their ack until their work is handed on; absent → not journaled. */
  intake?: IntakeJournal;
  /** The incident lifecycle (declare, update, resolve …); absent when this process has no store for it. */
  lifecycle?: SlackLifecycle;
}
