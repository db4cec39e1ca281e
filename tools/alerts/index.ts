import { loadConfig } from '../../src/config.ts';
import type { AlertsBackend } from './alert-snapshot.ts';
import { openAlertsBundleBackend } from './bundle-backend.ts';
import { createAlertsLiveBackend } from './live-backend.ts';
import { alertStoreSinks } from './stored-alert.ts';
import { requireBearerToken } from '../shared/require-bearer-token.ts';
import { requirePagerDutySignature } from '../shared/verify-pagerduty-signature.ts';
import { ALERTMANAGER_WEBHOOK_PATH, createAlertWebhookHandler, MAX_WEBHOOK_BODY_BYTES, PAGERDUTY_WEBHOOK_PATH, type WebhookHandler } from './webhook-receiver.ts';

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

/** How the alert webhooks authenticate senders: `OPSIGHT_WEBHOOK_TOKEN` and `OPSIGHT_PAGERDUTY_WEBHOOK_SECRET`. */
export interface AlertWebhookAuth {
  /** Shared token required as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** The PagerDuty V3 subscription's signing secret, checked against `X-PagerDuty-Signature`. */
  pagerdutySecret?: string | undefined;
}

/**
 * Puts the alert webhooks behind their authentication (the one rule both receivers, `opsight tool alerts
 * --http` and `opsight serve`, apply): `/webhooks/alertmanager` needs the bearer token when it is set.
 * `/webhooks/pagerduty` needs a valid `X-PagerDuty-Signature` when the PagerDuty secret is set — then
 * the signature alone is required and sufficient, the bearer token is not asked for there; without the
 * secret it needs the bearer token when that is set, as the other webhooks do. Neither set → open.
 */
export function guardAlertWebhookHandler(handler: WebhookHandler, auth: AlertWebhookAuth): WebhookHandler {
  const signed = requirePagerDutySignature(handler, auth.pagerdutySecret, [PAGERDUTY_WEBHOOK_PATH], MAX_WEBHOOK_BODY_BYTES);
  const bearerPaths = auth.pagerdutySecret ? [ALERTMANAGER_WEBHOOK_PATH] : [ALERTMANAGER_WEBHOOK_PATH, PAGERDUTY_WEBHOOK_PATH];
  return requireBearerToken(signed, auth.token, bearerPaths);
}

/**
 * The webhook handler that stores every Alertmanager/PagerDuty notification in `OPSIGHT_ALERTS_FILE`,
 * guarded by `OPSIGHT_WEBHOOK_TOKEN` and `OPSIGHT_PAGERDUTY_WEBHOOK_SECRET` (see `guardAlertWebhookHandler`).
 */
export function openAlertWebhookHandler(env: NodeJS.ProcessEnv): WebhookHandler {
  const config = loadConfig(env);
  return guardAlertWebhookHandler(createAlertWebhookHandler(alertStoreSinks(config.OPSIGHT_ALERTS_FILE)), {
    token: config.OPSIGHT_WEBHOOK_TOKEN,
    pagerdutySecret: config.OPSIGHT_PAGERDUTY_WEBHOOK_SECRET,
  });
}
