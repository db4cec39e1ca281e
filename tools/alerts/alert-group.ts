import { z } from 'zod';

/** One alert however many times it was notified: the row `alerts_list_alerts` returns. */
export const AlertGroupSchema = z.object({
  fingerprint: z.string().describe('Alertmanager fingerprint, or pagerduty:<incident key>'),
  source: z.enum(['alertmanager', 'pagerduty']),
  alertname: z.string(),
  service: z.string().optional(),
  severity: z.string().optional(),
  state: z.enum(['firing', 'resolved']).describe('state in the latest notification'),
  firstFiringAt: z.string().describe('RFC 3339: earliest startsAt'),
  lastSeenAt: z.string().describe('RFC 3339: latest notification'),
  resolvedAt: z.string().optional().describe('RFC 3339: endsAt of the resolving notification; absent while firing'),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  notifications: z.number().int().describe('notifications (re-sends included) seen for this alert'),
});
export type AlertGroup = z.infer<typeof AlertGroupSchema>;
