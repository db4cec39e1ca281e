import { z } from 'zod';

/**
 * One alert as it appeared in one notification (an Alertmanager webhook payload entry or a PagerDuty
 * V3 event). Re-sends are kept here; `dedupeAlerts` in analysis collapses them by fingerprint.
 */
export const AlertNotificationSchema = z.object({
  origin: z.enum(['alertmanager', 'pagerduty']),
  fingerprint: z.string(),
  status: z.enum(['firing', 'resolved']),
  /** Alert name (`alertname` label, or the PagerDuty incident title). */
  name: z.string(),
  /** `service` label (or `job`/`app`/`service_name`), PagerDuty service summary; undefined if none. */
  service: z.string().optional(),
  severity: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAtMs: z.number(),
  /** undefined while firing (Alertmanager's `0001-01-01T00:00:00Z`). */
  endsAtMs: z.number().optional(),
  /** When this notification was sent: PagerDuty `occurred_at`, else the later of startsAt/endsAt. */
  notifiedAtMs: z.number(),
  /** `alerts/<file>.jsonl:<line>` */
  ref: z.string(),
});
export type AlertNotification = z.infer<typeof AlertNotificationSchema>;
