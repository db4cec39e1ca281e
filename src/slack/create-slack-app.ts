import { App, HTTPModuleFunctions, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { maskSecrets } from '../report/mask-secrets.ts';
import { AckFirstGate } from './ack-first-gate.ts';
import { BackgroundWorkQueue } from './background-work-queue.ts';
import { createChannelIncidentResponder } from './channel-incident-responder.ts';
import { describeFailure } from './describe-failure.ts';
import { verifyBotToken } from './verify-bot-token.ts';
import { EventDeduplicator } from './event-deduplicator.ts';
import { createExecutorUnavailableDecisions } from './executor-unavailable-decisions.ts';
import { buildHttpRoutes, type WebhookRoute } from './http-routes.ts';
import type { IncidentSubcommand } from './incident-subcommand.ts';
import { INCIDENT_SUBCOMMANDS } from './incident-subcommands.ts';
import type { IntakeJournal } from './intake-journal.ts';
import { intakeIdOf, journalBeforeAck } from './journal-before-ack.ts';
import { createOpsightMetrics, type OpsightMetrics } from './opsight-metrics.ts';
import type { IncidentResponder, ProposalDecisions, Redact } from './ports.ts';
import { registerAppMention } from './register-app-mention.ts';
import { registerIncidentCommand } from './register-incident-command.ts';
import { registerLifecycleEvents } from './register-lifecycle-events.ts';
import type { SlackLifecycle } from './lifecycle-wiring.ts';
import { registerProposalActions } from './register-proposal-actions.ts';
import { replayIntake } from './replay-intake.ts';
import type { SlackAppServices, SlackJobs } from './slack-app-services.ts';
import { createSlackJobHandler } from './slack-job-handler.ts';
import { createSlackPoster } from './slack-poster.ts';
import { SlackSettingsSchema, type SlackSettings } from './slack-settings.ts';
import { createStderrLogger } from './stderr-logger.ts';

/** Everything `opsight serve` (or a test) decides about the Slack app. */
export interface SlackAppOptions {
  botToken: string;
  /** HTTP mode: requests at `POST /slack/events` are verified with it. */
  signingSecret?: string;
  /** Socket Mode instead of HTTP when set (xapp-…). */
  appToken?: string;
  /** Web API base URL (a stand-in in tests). */
  slackApiUrl: string;
  /** Port of the HTTP server (events in HTTP mode; /healthz, /metrics and webhooks in both). 0 = any free port. */
  port: number;
  settings?: SlackSettings;
  /** Defaults to the offline channel responder over this app's WebClient. */
  responder?: (client: WebClient) => IncidentResponder;
  /** Defaults to "no executor configured" (approvals refused with that reason). */
  decisions?: ProposalDecisions;
  /** Defaults to `maskSecrets`. */
  redact?: Redact;
  subcommands?: Record<string, IncidentSubcommand>;
  webhooks?: WebhookRoute[];
  logger?: Logger;
  /** Web API retries (429 waits for Retry-After, 5xx backs off). */
  retryConfig?: RetryOptions;
  metrics?: OpsightMetrics;
  /** The incident lifecycle over this app's WebClient (`createLifecycleWiring(…).bind`); absent → its subcommands say it is off. */
  lifecycle?: (client: WebClient) => SlackLifecycle;
  /**
   * The store's job queue: @mention answers and non-urgent `/incident` subcommands are queued there and
   * worked by this app (`settings.concurrency` workers) once started; absent → an in-process queue.
   * The caller opens and stops it (after `stop()`).
   */
  jobs?: SlackJobs;
  /**
   * Mentions and non-urgent `/incident` subcommands are journaled here before Bolt acks them, until their
   * work is handed on; `start()` replays what an earlier run left unfinished. Absent → not journaled.
   * The caller opens and closes it (after `stop()`).
   */
  intake?: IntakeJournal;
}

/** A configured, not yet started Slack app. */
export interface SlackServer {
  app: App;
  services: SlackAppServices;
  /** Starts listening; resolves with the HTTP port actually bound. */
  start(): Promise<{ port: number }>;
  /** Stops accepting requests and waits for queued work. */
  stop(): Promise<void>;
}

const URGENT_CONCURRENCY = 16;
const DEFAULT_RETRY: RetryOptions = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15_000, randomize: true };

/** Builds the Bolt app: @mentions, `/incident`, approval buttons, /healthz, /metrics and webhooks. */
export function createSlackApp(options: SlackAppOptions): SlackServer {
  const settings = options.settings ?? SlackSettingsSchema.parse({});
  const logger = options.logger ?? createStderrLogger(LogLevel.INFO);
  const metrics = options.metrics ?? createOpsightMetrics();
  const redact = options.redact ?? maskSecrets;
  const ackFirst = new AckFirstGate();
  const queue = new BackgroundWorkQueue(settings.concurrency, (error) => {
    metrics.failures.inc({ stage: 'handler' });
    logger.error(`background work failed (error id ${describeFailure(error).errorId})`, error);
  }, ackFirst);
  // Lifecycle commands are a handful of Web API calls; they get their own lane so a burst of analyses never delays a declaration.
  const urgentQueue = new BackgroundWorkQueue(URGENT_CONCURRENCY, (error) => {
    metrics.failures.inc({ stage: 'handler' });
    logger.error(`background work failed (error id ${describeFailure(error).errorId})`, error);
  });
  const startedAtMs = Date.now();
  const routes = buildHttpRoutes(metrics, () => ({ uptimeSeconds: Math.round((Date.now() - startedAtMs) / 1000), queued: queue.size + urgentQueue.size }), options.webhooks);
  const clientOptions = { slackApiUrl: options.slackApiUrl, retryConfig: options.retryConfig ?? DEFAULT_RETRY, logger };
  const subcommands = options.subcommands ?? INCIDENT_SUBCOMMANDS;

  // Runs in the receiver after the signature check and before the ack (see journalBeforeAck).
  const journal = options.intake ? journalBeforeAck({ journal: options.intake, subcommands, commandName: settings.commandName, metrics, logger }) : () => ({});
  let app: App;
  if (options.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: options.appToken, customRoutes: routes, installerOptions: { port: options.port }, logger,
      customPropertiesExtractor: (args) => journal((args as { body?: unknown }).body),
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logger, deferInitialization: true });
  } else {
    if (!options.signingSecret) throw new Error('createSlackApp: signingSecret is required without an appToken');
    const receiver = new HTTPReceiver({
      signingSecret: options.signingSecret, endpoints: '/slack/events', customRoutes: routes, logger,
      customPropertiesExtractor: (req) => journal(HTTPModuleFunctions.parseHTTPRequestBody(req)),
    });
    // Deferred: auth.test runs in start(), where a failure is reported instead of becoming an unhandled rejection.
    app = new App({ token: options.botToken, receiver, clientOptions, logger, deferInitialization: true });
  }

  const services: SlackAppServices = {
    responder: (options.responder ?? ((client) => createChannelIncidentResponder(client, settings)))(app.client),
    decisions: options.decisions ?? createExecutorUnavailableDecisions(),
    poster: createSlackPoster(app.client, redact, metrics),
    redact,
    metrics,
    logger,
    queue,
    urgentQueue,
    ackFirst,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.intake ? { intake: options.intake } : {}),
    ...(options.lifecycle ? { lifecycle: options.lifecycle(app.client) } : {}),
  };

  const dedupe = new EventDeduplicator(settings.dedupeTtlSeconds * 1000);
  app.use(async ({ body, next, context }) => {
    ackFirst.noteRequest();
    const b = body as { type?: string; event_id?: string; command?: string };
    metrics.requests.inc({ kind: b.command ? 'command' : b.type === 'event_callback' ? 'event' : b.type === 'block_actions' ? 'action' : (b.type ?? 'other') });
    if (b.event_id && !dedupe.firstDelivery(b.event_id)) {
      metrics.duplicates.inc();
      // This delivery's own journal entry; the first delivery's stays until its work is handed on.
      const intakeId = intakeIdOf(context);
      if (intakeId) options.intake?.markDone(intakeId);
      return;
    }
    await next();
  });
  registerAppMention(app, services);
  registerIncidentCommand(app, services, subcommands, settings.commandName);
  registerProposalActions(app, services);
  if (services.lifecycle) registerLifecycleEvents(app, services, services.lifecycle);
  app.error(async (error) => {
    metrics.failures.inc({ stage: 'handler' });
    logger.error(`Slack handler failed (error id ${describeFailure(error).errorId})`, error);
  });

  return {
    app,
    services,
    async start() {
      await verifyBotToken(options.botToken, options.slackApiUrl, logger);
      await app.init();
      // Jobs queued while no process was serving (a restart) are answered now.
      if (options.jobs) await options.jobs.workSlack(createSlackJobHandler(services, app.client, subcommands), { concurrency: settings.concurrency });
      // Requests acked by a run that died before handing them on: queued like new ones (their work waits for the acks).
      if (options.intake) replayIntake(services, app.client, subcommands, options.intake.unfinished, { nowMs: Date.now(), maxAgeMs: settings.replayMaxAgeSeconds * 1000 });
      if (options.appToken) {
        await app.start();
        return { port: options.port };
      }
      const server = (await app.start(options.port)) as Server;
      // Noted on arrival, before the body is read and verified, so queued work yields to requests still being parsed.
      server.on('request', () => ackFirst.noteRequest());
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
      await Promise.all([queue.idle(), urgentQueue.idle()]);
    },
  };
}

