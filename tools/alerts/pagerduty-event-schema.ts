import { z } from 'zod';
import { parseRfc3339Ms } from '../../src/ingest/index.ts';

/**
 * A PagerDuty V3 webhook event (`{event: {id, event_type, resource_type, occurred_at, agent, data}}`) as
 * PagerDuty POSTs it and as bundle `alerts/*.pagerduty.jsonl` lines hold it. Unknown fields are kept.
 * https://developer.pagerduty.com/docs/webhooks-overview
 */
export const PagerDutyV3EventSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().optional(),
    event_type: z.string().min(1),
    resource_type: z.string().nullish(),
    occurred_at: z.string().refine((text) => parseRfc3339Ms(text) !== undefined, 'an RFC 3339 timestamp'),
    data: z.looseObject({}),
  }),
});
export type PagerDutyV3Event = z.infer<typeof PagerDutyV3EventSchema>;
