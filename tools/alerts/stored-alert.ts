import { z } from 'zod';
import { appendJsonl } from '../shared/append-jsonl.ts';
import type { AlertWebhookSinks } from './webhook-receiver.ts';

/** One line of the alert store (`OPSIGHT_ALERTS_FILE`): a notification as received, with its receipt time. */
export const StoredAlertSchema = z.object({
  receivedAt: z.string(),
  source: z.enum(['alertmanager', 'pagerduty']),
  payload: z.record(z.string(), z.unknown()),
});
export type StoredAlert = z.infer<typeof StoredAlertSchema>;

/**
 * Webhook sinks that append every notification to the JSONL alert store `file`, which the live alerts
 * backend reads back. `now` is injectable for tests.
 */
export function alertStoreSinks(file: string, now: () => Date = () => new Date()): AlertWebhookSinks {
  const append = appendJsonl(file);
  const store = (source: StoredAlert['source'], payload: Record<string, unknown>) =>
    append({ receivedAt: now().toISOString(), source, payload } satisfies StoredAlert);
  return {
    onAlertmanager: (payload) => store('alertmanager', payload),
    onPagerduty: (event) => store('pagerduty', event),
  };
}
