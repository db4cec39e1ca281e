import { ALERTMANAGER_WEBHOOK_PATH, PAGERDUTY_WEBHOOK_PATH } from '../alerts/webhook-receiver.ts';
import { CLOUDEVENTS_WEBHOOK_PATH } from '../changes/webhook-receiver.ts';

const ALL_WEBHOOK_PATHS = [ALERTMANAGER_WEBHOOK_PATH, PAGERDUTY_WEBHOOK_PATH, CLOUDEVENTS_WEBHOOK_PATH];

/** The secrets that authenticate webhooks (both optional). */
export interface WebhookAuthSettings {
  OPSIGHT_WEBHOOK_TOKEN?: string;
  OPSIGHT_PAGERDUTY_WEBHOOK_SECRET?: string;
}

/**
 * What a process receiving webhooks on `paths` should say at start about how they are authenticated:
 * a warning when any of them accepts unauthenticated POSTs, a note when PagerDuty's signature is not
 * checked although the bearer token is; nothing when all is covered.
 */
export function describeWebhookAuth(config: WebhookAuthSettings, paths: readonly string[] = ALL_WEBHOOK_PATHS): { warning?: string; note?: string } {
  const token = Boolean(config.OPSIGHT_WEBHOOK_TOKEN);
  const secret = Boolean(config.OPSIGHT_PAGERDUTY_WEBHOOK_SECRET);
  const pagerDuty = paths.includes(PAGERDUTY_WEBHOOK_PATH);
  const bearer = 'set OPSIGHT_WEBHOOK_TOKEN and send it as Authorization: Bearer <token>';
  const signature = "set OPSIGHT_PAGERDUTY_WEBHOOK_SECRET to the PagerDuty webhook subscription's signing secret to verify its X-PagerDuty-Signature";
  if (!token && !(pagerDuty && secret)) {
    const which = paths.length === ALL_WEBHOOK_PATHS.length ? 'the webhooks at /webhooks/*' : paths.join(' and ');
    return { warning: `${which} accept unauthenticated POSTs: ${bearer}${pagerDuty ? ` (Alertmanager, CloudEvents senders), and ${signature}` : ''}` };
  }
  if (!token) {
    const open = paths.filter((p) => p !== PAGERDUTY_WEBHOOK_PATH);
    return open.length ? { warning: `${open.join(' and ')} accept unauthenticated POSTs (${PAGERDUTY_WEBHOOK_PATH} checks PagerDuty's signature): ${bearer}` } : {};
  }
  if (pagerDuty && !secret) return { note: `${PAGERDUTY_WEBHOOK_PATH} requires the bearer token and does not verify PagerDuty's signature: ${signature} (the signature then suffices there)` };
  return {};
}
