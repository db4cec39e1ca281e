import { agentFromConfig } from '../agent/agent-from-config.ts';
import type { ConfigFile } from '../config-file.ts';
import type { Config } from '../config.ts';
import { loadExecutorConfig } from '../executor/load-executor-config.ts';
import { createProposalService } from '../executor/proposal-service.ts';
import { createRedactor } from '../redact/redactor.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabase } from '../store/open-database.ts';
import { openAlertWebhookHandler } from '../../tools/alerts/index.ts';
import { ALERTMANAGER_WEBHOOK_PATH, PAGERDUTY_WEBHOOK_PATH } from '../../tools/alerts/webhook-receiver.ts';
import { openChangeWebhookHandler } from '../../tools/changes/index.ts';
import { CLOUDEVENTS_WEBHOOK_PATH } from '../../tools/changes/webhook-receiver.ts';
import { createAgentIncidentResponder } from './agent-incident-responder.ts';
import { createChannelIncidentReader } from './channel-incident-responder.ts';
import type { SlackAppOptions } from './create-slack-app.ts';
import { createExecutorProposalDecisions } from './executor-proposal-decisions.ts';
import type { NodeHandler, WebhookRoute } from './http-routes.ts';
import type { SlackSettings } from './slack-settings.ts';

/** What `opsight serve` plugs into the app, and how to release it (the store) on shutdown. */
export type ServeDependencies = Pick<SlackAppOptions, 'responder' | 'decisions' | 'redact' | 'webhooks'> & {
  close(): Promise<void>;
};

/**
 * Wires the other areas into the Slack app: the agent (`answerIncident`, with the model of
 * `OPSIGHT_MODEL` or offline), the executor's proposal service over the configured store (approval
 * policy, command catalog, audit), one redactor for everything posted, and the alert and change webhook
 * receivers (stored in `OPSIGHT_ALERTS_FILE` / `OPSIGHT_CHANGES_FILE`).
 * @throws ConfigFileError / ExecutorError / StoreError naming what is wrong.
 */
export async function resolveServeDependencies(env: NodeJS.ProcessEnv, config: Config, file: ConfigFile, settings: SlackSettings): Promise<ServeDependencies> {
  const agent = agentFromConfig(config, file);
  const executorConfig = loadExecutorConfig(file);
  const redactor = createRedactor();
  const db = await openDatabase(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.OPSIGHT_DATA_DIR });
  try {
    await migrate(db);
    const service = createProposalService({ db, ...executorConfig, env });
    await service.recoverInterrupted();
    const alerts = openAlertWebhookHandler(env);
    const changes = openChangeWebhookHandler(env);
    const webhooks: WebhookRoute[] = [
      { path: ALERTMANAGER_WEBHOOK_PATH, handler: routeOrNotFound(alerts) },
      { path: PAGERDUTY_WEBHOOK_PATH, handler: routeOrNotFound(alerts) },
      { path: CLOUDEVENTS_WEBHOOK_PATH, handler: routeOrNotFound(changes) },
    ];
    return {
      responder: (client) => createAgentIncidentResponder(createChannelIncidentReader(client, settings), { ...agent, redactor }),
      decisions: createExecutorProposalDecisions(service),
      redact: (text) => redactor.redact(text),
      webhooks,
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
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
