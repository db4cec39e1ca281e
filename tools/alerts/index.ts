import { loadConfig } from '../../src/config.ts';
import type { AlertsBackend } from './alert-snapshot.ts';
import { openAlertsBundleBackend } from './bundle-backend.ts';
import { createAlertsLiveBackend } from './live-backend.ts';
import { alertStoreSinks } from './stored-alert.ts';
import { requireBearerToken } from '../shared/require-bearer-token.ts';
import { ALERTMANAGER_WEBHOOK_PATH, createAlertWebhookHandler, PAGERDUTY_WEBHOOK_PATH, type WebhookHandler } from './webhook-receiver.ts';

export { createAlertsServer } from './server.ts';
export type { AlertsBackend } from './alert-snapshot.ts';
export { createAlertWebhookHandler } from './webhook-receiver.ts';
export { alertStoreSinks } from './stored-alert.ts';

/**
 * The alerts backend to serve: the bundle's `alerts/` files when `bundleDir` is given, else the alert
 * store `OPSIGHT_ALERTS_FILE` (filled by the webhook receiver) plus Alertmanager at `ALERTMANAGER_URL`.
 */
export async function openAlertsBackend(options: { bundleDir?: string; env: NodeJS.ProcessEnv }): Promise<AlertsBackend> {
  if (options.bundleDir !== undefined) return openAlertsBundleBackend(options.bundleDir);
  const config = loadConfig(options.env);
  return createAlertsLiveBackend({ storeFile: config.OPSIGHT_ALERTS_FILE, alertmanagerUrl: config.ALERTMANAGER_URL });
}

/** The webhook handler that stores every Alertmanager/PagerDuty notification in `OPSIGHT_ALERTS_FILE`. */
export function openAlertWebhookHandler(env: NodeJS.ProcessEnv): WebhookHandler {
  const config = loadConfig(env);
  return requireBearerToken(createAlertWebhookHandler(alertStoreSinks(config.OPSIGHT_ALERTS_FILE)), config.OPSIGHT_WEBHOOK_TOKEN, [ALERTMANAGER_WEBHOOK_PATH, PAGERDUTY_WEBHOOK_PATH]);
}
