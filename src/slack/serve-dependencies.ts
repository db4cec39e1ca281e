import { join } from 'node:path';
import type { Logger } from '@slack/bolt';
import { agentFromConfig } from '../agent/agent-from-config.ts';
import { collectIncidentBundle } from '../agent/mcp/collect-incident-bundle.ts';
import { McpClientManager } from '../agent/mcp/mcp-client-manager.ts';
import { McpServersSchema } from '../agent/mcp/mcp-servers-config.ts';
import { configSection } from '../config-file.ts';
import type { ConfigFile } from '../config-file.ts';
import type { Config } from '../config.ts';
import { LifecycleSettingsSchema } from '../lifecycle/lifecycle-settings.ts';
import { loadExecutorConfig } from '../executor/load-executor-config.ts';
import { createProposalService } from '../executor/proposal-service.ts';
import { createRedactor } from '../redact/redactor.ts';
import { migrate } from '../store/migrate.ts';
import { openJobQueue, type JobQueue } from '../jobs/job-queue.ts';
import { JobsSettingsSchema } from '../jobs/jobs-settings.ts';
import { openDatabase } from '../store/open-database.ts';
import { alertStoreSinks, createAlertWebhookHandler, guardAlertWebhookHandler } from '../../tools/alerts/index.ts';
import { ALERTMANAGER_WEBHOOK_PATH, PAGERDUTY_WEBHOOK_PATH } from '../../tools/alerts/webhook-receiver.ts';
import { openChangeWebhookHandler } from '../../tools/changes/index.ts';
import { CLOUDEVENTS_WEBHOOK_PATH } from '../../tools/changes/webhook-receiver.ts';
import { describeWebhookAuth } from '../../tools/shared/describe-webhook-auth.ts';
import { createAgentIncidentResponder } from './agent-incident-responder.ts';
import { createChannelIncidentReader, type LiveSourcesReader } from './channel-incident-responder.ts';
import type { SlackAppOptions } from './create-slack-app.ts';
import { createExecutorProposalDecisions } from './executor-proposal-decisions.ts';
import type { NodeHandler, WebhookRoute } from './http-routes.ts';
import { IntakeJournal } from './intake-journal.ts';
import { createLifecycleWiring } from './lifecycle-wiring.ts';
import type { SlackSettings } from './slack-settings.ts';
import { createStderrLogger } from './stderr-logger.ts';

/** What `opsight serve` plugs into the app, and how to release it (the store) on shutdown. */
export type ServeDependencies = Pick<SlackAppOptions, 'responder' | 'decisions' | 'redact' | 'webhooks' | 'lifecycle' | 'jobs' | 'intake'> & {
  close(): Promise<void>;
};

/**
 * Wires the other areas into the Slack app: the agent (`answerIncident`, with the model of
 * `OPSIGHT_MODEL` or offline), the executor's proposal service over the configured store (approval
 * policy, command catalog, audit), one redactor for everything posted, the alert and change webhook
 * receivers (stored in `OPSIGHT_ALERTS_FILE` / `OPSIGHT_CHANGES_FILE`) and, when the settings file has
 * an `mcpServers` section, the MCP tool servers as the live source of alerts, metrics, logs and changes
 * for channels without a bundle; and the incident lifecycle (`lifecycle` section) over the same store,
 * fed by the alert webhooks after they store each notification; and the job queue (pg-boss on the same
 * store, `jobs` section) through which Slack answers run; and the intake journal (`OPSIGHT_INTAKE_JOURNAL`)
 * that keeps each request from its ack until its job is inserted.
 * @throws ConfigFileError / ExecutorError / StoreError naming what is wrong.
 */
export async function resolveServeDependencies(env: NodeJS.ProcessEnv, config: Config, file: ConfigFile, settings: SlackSettings, logger?: Logger): Promise<ServeDependencies> {
  const agent = agentFromConfig(config, file);
  const executorConfig = loadExecutorConfig(file);
  const lifecycleSettings = configSection(file, 'lifecycle', LifecycleSettingsSchema);
  const redactor = createRedactor();
  const mcpServers = file.sections.mcpServers === undefined ? undefined : configSection(file, 'mcpServers', McpServersSchema);
  const db = await openDatabase(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.OPSIGHT_DATA_DIR });
  const manager = mcpServers ? new McpClientManager() : undefined;
  const jobsSettings = file.sections.jobs === undefined ? undefined : configSection(file, 'jobs', JobsSettingsSchema);
  let liveSources: LiveSourcesReader | undefined;
  let jobs: JobQueue | undefined;
  let intake: IntakeJournal | undefined;
  const lifecycle = createLifecycleWiring({
    db,
    settings: lifecycleSettings,
    policy: executorConfig.policy,
    readChannelIncident: (client) => createChannelIncidentReader(client, settings, liveSources),
    ...(logger ? { logger } : {}),
  });
  try {
    await migrate(db);
    if (manager && mcpServers) {
      await manager.connectAll(mcpServers);
      for (const p of manager.problems()) logger?.warn(`MCP server "${p.server}": ${p.message} (its sources will be reported missing)`);
      liveSources = (incident, startMs, endMs) => collectIncidentBundle(manager, { startMs, endMs, incident, services: incident.services });
    }
    // Slack answers run through the store's job queue, worked by this process (and any other serve process on the store).
    jobs = await openJobQueue(db, { ...(jobsSettings ? { settings: jobsSettings } : {}), onError: (error) => logger?.warn(`job queue: ${error.message}`) });
    intake = IntakeJournal.open(intakeJournalPath(config), { logger: logger ?? createStderrLogger() });
    const service = createProposalService({ db, ...executorConfig, env });
    await service.recoverInterrupted();
    const alerts = guardAlertWebhookHandler(createAlertWebhookHandler(lifecycle.alertSinks(alertStoreSinks(config.OPSIGHT_ALERTS_FILE))), {
      token: config.OPSIGHT_WEBHOOK_TOKEN,
      pagerdutySecret: config.OPSIGHT_PAGERDUTY_WEBHOOK_SECRET,
    });
    const webhookAuth = describeWebhookAuth(config);
    if (webhookAuth.warning) logger?.warn(webhookAuth.warning);
    if (webhookAuth.note) logger?.info(webhookAuth.note);
    const changes = openChangeWebhookHandler(env);
    const webhooks: WebhookRoute[] = [
      { path: ALERTMANAGER_WEBHOOK_PATH, handler: routeOrNotFound(alerts) },
      { path: PAGERDUTY_WEBHOOK_PATH, handler: routeOrNotFound(alerts) },
      { path: CLOUDEVENTS_WEBHOOK_PATH, handler: routeOrNotFound(changes) },
    ];
    return {
      responder: (client) => createAgentIncidentResponder(createChannelIncidentReader(client, settings, liveSources), { ...agent, redactor }),
      decisions: createExecutorProposalDecisions(service),
      redact: (text) => redactor.redact(text),
      webhooks,
      lifecycle: (client) => lifecycle.bind(client),
      jobs,
      intake,
      close: async () => {
        intake?.close();
        await jobs?.stop();
        await lifecycle.close();
        await manager?.close();
        await db.close();
      },
    };
  } catch (error) {
    intake?.close();
    await jobs?.stop();
    await manager?.close();
    await db.close();
    throw error;
  }
}

/** `OPSIGHT_INTAKE_JOURNAL`, else `slack-intake.jsonl` in the data directory, with the store's other local state. */
export function intakeJournalPath(config: Config): string {
  return config.OPSIGHT_INTAKE_JOURNAL ?? join(config.OPSIGHT_DATA_DIR, 'slack-intake.jsonl');
}

/** The receivers answer their own paths and resolve false for others (never reached here: routed by path). */
function routeOrNotFound(handler: (req: Parameters<NodeHandler>[0], res: Parameters<NodeHandler>[1]) => Promise<boolean>): NodeHandler {
  return async (req, res) => {
    if (!(await handler(req, res))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'not found' }));
    }
  };
}
