import type { WebClient } from '@slack/web-api';
import type { SlackWork } from '../jobs/job-queue.ts';
import { apologyFor } from './analyze-for-slack.ts';
import type { IncidentCommandContext, IncidentCommandInvocation, IncidentSubcommand } from './incident-subcommand.ts';
import type { SlackAppServices } from './slack-app-services.ts';

/** A subcommand to run after the ack, as the job queue stores it. */
export function commandWork(name: string, invocation: IncidentCommandInvocation): Extract<SlackWork, { kind: 'command' }> {
  return { kind: 'command', subcommand: name, ...invocation };
}

/** One `/incident` subcommand to run after its ack (or when a start replays it). */
export interface CommandRequest {
  name: string;
  sub: IncidentSubcommand;
  invocation: IncidentCommandInvocation;
  respond: IncidentCommandContext['respond'];
  /** Its intake journal id, when it was journaled. */
  intakeId?: string;
}

/**
 * Runs a subcommand off the request path: urgent ones (lifecycle) on the in-process urgent lane; the
 * others on the store's job queue when there is one (`services.jobs`; retried, then the apology; the
 * journal id is the job's dedupe key, so a replay of a request already queued adds nothing), else on the
 * in-process work queue, where a failure is answered with the apology at once. The journal entry is done
 * once the job is on the queue, or the subcommand has run.
 */
export function followUpCommand(services: SlackAppServices, client: WebClient, subcommands: Readonly<Record<string, IncidentSubcommand>>, request: CommandRequest): void {
  const { name, sub, invocation, intakeId } = request;
  const markDone = () => {
    if (intakeId) services.intake?.markDone(intakeId);
  };
  const context: IncidentCommandContext = { command: invocation, services, client, respond: request.respond, subcommands };
  const doing = `${invocation.commandName} ${name}`;
  const lane = sub.urgent ? (services.urgentQueue ?? services.queue) : services.queue;
  const runHere = () => lane.enqueue(() => runSubcommand(sub, context, services, doing).finally(markDone));
  if (services.jobs && !sub.urgent) {
    const jobs = services.jobs;
    // After the pending acks: the insert runs on the store (PGlite shares this event loop).
    void (services.ackFirst?.turn() ?? Promise.resolve())
      .then(() => jobs.enqueueSlack(commandWork(name, invocation), intakeId ? { dedupeKey: intakeId } : {}))
      .then(markDone, (error: unknown) => {
        services.logger.warn(`could not queue ${doing} on the job queue; running it in this process`, error);
        runHere();
      });
    return;
  }
  runHere();
}

async function runSubcommand(sub: IncidentSubcommand, context: IncidentCommandContext, services: SlackAppServices, doing: string): Promise<void> {
  try {
    await sub.run(context);
  } catch (error) {
    await context.respond(apologyFor(services, error, doing));
  }
}
