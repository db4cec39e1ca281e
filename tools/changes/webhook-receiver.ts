import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { describeZodFailure } from '../shared/describe-zod-failure.ts';
import { readRequestBody } from '../shared/read-request-body.ts';
import { sendJson } from '../shared/send-json.ts';
import { CloudEventSchema, type CloudEvent } from './cloud-event-schema.ts';

/** What to do with each valid change event (append it to the store). A rejection answers 500. */
export interface ChangeWebhookSinks {
  onChange(event: CloudEvent): void | Promise<void>;
}

export const CLOUDEVENTS_WEBHOOK_PATH = '/webhooks/cloudevents';
const MAX_BODY_BYTES = 1024 * 1024;

type Decoded = { ok: true; events: unknown[] } | { ok: false; error: string };

/**
 * A node:http handler for `POST /webhooks/cloudevents`: CloudEvents 1.0 over HTTP in structured mode
 * (a JSON event), batch mode (`application/cloudevents-batch+json`, an array) or binary mode (`ce-*`
 * headers, the body is `data`). An event without `time` gets the receipt time. Every event must name
 * its service in `subject` (or `data.service`). Bad input answers 400 naming the field and stores
 * nothing; success answers 200 `{ok: true, received: n}`. Resolves false for other paths. Never throws.
 */
export function createChangeWebhookHandler(sinks: ChangeWebhookSinks, now: () => Date = () => new Date()) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== CLOUDEVENTS_WEBHOOK_PATH) return false;
    try {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        sendJson(res, 405, { ok: false, error: 'POST CloudEvents here' });
        return true;
      }
      const body = await readRequestBody(req, MAX_BODY_BYTES);
      if (!body.ok) {
        sendJson(res, body.status, { ok: false, error: body.message });
        return true;
      }
      const decoded = decodeCloudEvents(req.headers, body.text);
      if (!decoded.ok) {
        sendJson(res, 400, { ok: false, error: decoded.error });
        return true;
      }
      const events: CloudEvent[] = [];
      for (const [index, raw] of decoded.events.entries()) {
        const withTime = isRecord(raw) && raw.time === undefined ? { ...raw, time: now().toISOString() } : raw;
        const parsed = CloudEventSchema.safeParse(withTime);
        const where = decoded.events.length > 1 ? `event ${index}: ` : '';
        if (!parsed.success) {
          sendJson(res, 400, { ok: false, error: `invalid CloudEvent: ${where}${describeZodFailure(parsed.error, withTime)}` });
          return true;
        }
        if (!parsed.data.subject && !(isRecord(parsed.data.data) && typeof parsed.data.data.service === 'string' && parsed.data.data.service)) {
          sendJson(res, 400, { ok: false, error: `invalid CloudEvent: ${where}subject must name the service the change is about (or data.service must), got nothing` });
          return true;
        }
        events.push(parsed.data);
      }
      for (const event of events) await sinks.onChange(event);
      sendJson(res, 200, { ok: true, received: events.length });
    } catch (error) {
      process.stderr.write(`webhook ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'could not store the change event; retry later' });
    }
    return true;
  };
}

function decodeCloudEvents(headers: IncomingHttpHeaders, text: string): Decoded {
  const contentType = String(headers['content-type'] ?? '').toLowerCase();
  if (headers['ce-specversion'] !== undefined) return { ok: true, events: [fromBinaryMode(headers, contentType, text)] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the body must be a CloudEvent in JSON (structured mode), a JSON array (batch mode), or send ce-* headers (binary mode)' };
  }
  if (contentType.startsWith('application/cloudevents-batch+json') || Array.isArray(json)) {
    return Array.isArray(json) ? { ok: true, events: json } : { ok: false, error: 'a cloudevents-batch body must be a JSON array of events' };
  }
  return { ok: true, events: [json] };
}

/** Binary content mode: attributes in `ce-<name>` headers, `data` in the body. */
function fromBinaryMode(headers: IncomingHttpHeaders, contentType: string, text: string): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('ce-') && typeof value === 'string') event[name.slice(3)] = value;
  }
  if (contentType) event.datacontenttype = contentType.split(';')[0];
  if (text !== '') {
    let data: unknown = text;
    if (contentType.includes('json')) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    event.data = data;
  }
  return event;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
