import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeZodFailure } from '../shared/describe-zod-failure.ts';
import { readRequestBody } from '../shared/read-request-body.ts';
import { sendJson } from '../shared/send-json.ts';
import { AlertmanagerWebhookPayloadSchema, type AlertmanagerWebhookPayload } from './alertmanager-payload-schema.ts';
import { PagerDutyV3EventSchema, type PagerDutyV3Event } from './pagerduty-event-schema.ts';

/** What to do with each valid notification (store it, analyse it). A rejection answers 500. */
export interface AlertWebhookSinks {
  onAlertmanager(payload: AlertmanagerWebhookPayload): void | Promise<void>;
  onPagerduty(event: PagerDutyV3Event): void | Promise<void>;
}

/**
 * Handles one request; resolves false (without answering) when the path is not one of its routes.
 * `rawBody`, when given, is the request body already read by a guard (the PagerDuty signature check),
 * parsed as is instead of reading the request again.
 */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, rawBody?: Buffer) => Promise<boolean>;

export const ALERTMANAGER_WEBHOOK_PATH = '/webhooks/alertmanager';
export const PAGERDUTY_WEBHOOK_PATH = '/webhooks/pagerduty';
/** The largest webhook body accepted (413 beyond). */
export const MAX_WEBHOOK_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A node:http handler for `POST /webhooks/alertmanager` (Alertmanager webhook payloads) and
 * `POST /webhooks/pagerduty` (PagerDuty V3 events). Each body is zod-validated: bad JSON or a bad field
 * answers 400 with a message naming the field; a valid one goes to its sink, then 200 `{ok: true}`.
 * Never throws. Mount it in any node:http server (the MCP HTTP server, the Slack app).
 */
export function createAlertWebhookHandler(sinks: AlertWebhookSinks): WebhookHandler {
  return async (req, res, rawBody) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === ALERTMANAGER_WEBHOOK_PATH) {
      await receive(req, res, AlertmanagerWebhookPayloadSchema, (payload) => sinks.onAlertmanager(payload), 'Alertmanager webhook payload', rawBody);
      return true;
    }
    if (path === PAGERDUTY_WEBHOOK_PATH) {
      await receive(req, res, PagerDutyV3EventSchema, (event) => sinks.onPagerduty(event), 'PagerDuty V3 webhook event', rawBody);
      return true;
    }
    return false;
  };
}

async function receive<T>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: z.ZodType<T>,
  sink: (value: T) => void | Promise<void>,
  what: string,
  rawBody: Buffer | undefined,
): Promise<void> {
  try {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { ok: false, error: `POST a ${what} here` });
    }
    const body = rawBody ? { ok: true as const, text: rawBody.toString('utf8') } : await readRequestBody(req, MAX_WEBHOOK_BODY_BYTES);
    if (!body.ok) return sendJson(res, body.status, { ok: false, error: body.message });
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return sendJson(res, 400, { ok: false, error: `the body must be a JSON ${what}` });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return sendJson(res, 400, { ok: false, error: `invalid ${what}: ${describeZodFailure(parsed.error, json)}` });
    await sink(parsed.data);
    sendJson(res, 200, { ok: true });
  } catch (error) {
    process.stderr.write(`webhook ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'could not store the notification; retry later' });
  }
}
