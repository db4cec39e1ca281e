import { z } from 'zod';
import { parseRfc3339Ms } from '../../src/ingest/index.ts';

const rfc3339 = z.string().refine((text) => parseRfc3339Ms(text) !== undefined, 'an RFC 3339 timestamp');
const labels = z.record(z.string(), z.string());

/**
 * An Alertmanager webhook payload (`version: "4"`) as Alertmanager POSTs it and as bundle
 * `alerts/*.jsonl` lines hold it. Unknown fields are kept.
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
export const AlertmanagerWebhookPayloadSchema = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels.optional(),
  commonLabels: labels.optional(),
  commonAnnotations: labels.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(
    z.looseObject({
      status: z.enum(['firing', 'resolved']),
      labels,
      annotations: labels.optional(),
      startsAt: rfc3339,
      endsAt: rfc3339.optional(),
      generatorURL: z.string().optional(),
      fingerprint: z.string().optional(),
    }),
  ),
});
export type AlertmanagerWebhookPayload = z.infer<typeof AlertmanagerWebhookPayloadSchema>;
