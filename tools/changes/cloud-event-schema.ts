import { z } from 'zod';
import { parseRfc3339Ms } from '../../src/ingest/index.ts';

/**
 * A change event as CloudEvents 1.0 structured JSON (https://github.com/cloudevents/spec), the format
 * of bundle `changes.jsonl` lines: `subject` is the service, `type` the kind of change (`deploy`,
 * `config`, `feature_flag` …), `data` its details. Unknown attributes are kept.
 */
export const CloudEventSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1).optional(),
  time: z.string().refine((text) => parseRfc3339Ms(text) !== undefined, 'an RFC 3339 timestamp'),
  datacontenttype: z.string().optional(),
  data: z.unknown().optional(),
});
export type CloudEvent = z.infer<typeof CloudEventSchema>;
