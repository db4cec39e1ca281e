import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './send-json.ts';
import { readRequestBytes } from './read-request-body.ts';

/** The header a PagerDuty V3 webhook delivery carries its signatures in (`v1=<hex>[,v1=<hex>…]`). */
export const PAGERDUTY_SIGNATURE_HEADER = 'X-PagerDuty-Signature';

const V1_PREFIX = 'v1=';
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Whether a PagerDuty V3 webhook delivery is authentic: `header` (the value of `X-PagerDuty-Signature`,
 * one or more comma-separated `v1=<hex>`) holds at least one `v1` signature equal to
 * HMAC-SHA256(key = the subscription's signing secret, message = `rawBody`, the body bytes exactly as
 * received). Several signatures appear while a secret is rotated; any one matching suffices. Entries of
 * other versions (`v2=…`) and malformed entries are ignored; no header, or no matching `v1`, is false.
 * Digests are compared as bytes with `timingSafeEqual`.
 */
export function verifyPagerDutySignature(rawBody: Uint8Array, header: string | readonly string[] | undefined, secret: string): boolean {
  if (header === undefined || secret === '') return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  let matched = false;
  for (const entry of (typeof header === 'string' ? [header] : header).flatMap((value) => value.split(','))) {
    const signature = entry.trim();
    if (!signature.startsWith(V1_PREFIX)) continue;
    const hex = signature.slice(V1_PREFIX.length);
    if (!SHA256_HEX.test(hex)) continue;
    const given = Buffer.from(hex, 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

/** The `v1=<hex>` signature PagerDuty would send for `rawBody` (for tests and local senders). */
export function signPagerDutyBody(rawBody: Uint8Array | string, secret: string): string {
  return `${V1_PREFIX}${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** A route handler that can be given the request body already read (raw bytes), instead of reading it. */
export type RawBodyRouteHandler = (req: IncomingMessage, res: ServerResponse, rawBody?: Buffer) => Promise<boolean>;

/**
 * Guards PagerDuty webhook routes with the subscription's signing secret: with `secret` set, a request to
 * one of `paths` must carry an `X-PagerDuty-Signature` with a valid `v1` signature of its raw body, or it
 * gets 401 (naming the header) and reaches neither the parser nor a sink. The body is read here, at most
 * `maxBodyBytes` (413 beyond), hashed as received and handed to `handler` as `rawBody`, so the handler
 * parses exactly the bytes that were verified. Without a secret the handler is returned unchanged. Paths
 * the guard does not cover pass through untouched.
 */
export function requirePagerDutySignature(handler: RawBodyRouteHandler, secret: string | undefined, paths: readonly string[], maxBodyBytes: number): RawBodyRouteHandler {
  if (!secret) return handler;
  return async (req, res, rawBody) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!paths.includes(path)) return handler(req, res, rawBody);
    const header = req.headers[PAGERDUTY_SIGNATURE_HEADER.toLowerCase()];
    if (header === undefined) {
      req.resume();
      sendJson(res, 401, { ok: false, error: `missing ${PAGERDUTY_SIGNATURE_HEADER} header (PagerDuty signs each delivery with the subscription's signing secret, set here as OPSIGHT_PAGERDUTY_WEBHOOK_SECRET)` });
      return true;
    }
    const body = rawBody ? { ok: true as const, bytes: rawBody } : await readRequestBytes(req, maxBodyBytes);
    if (!body.ok) {
      sendJson(res, body.status, { ok: false, error: body.message });
      return true;
    }
    if (!verifyPagerDutySignature(body.bytes, header, secret)) {
      sendJson(res, 401, { ok: false, error: `no valid v1 signature in the ${PAGERDUTY_SIGNATURE_HEADER} header (is OPSIGHT_PAGERDUTY_WEBHOOK_SECRET the subscription's current signing secret?)` });
      return true;
    }
    return handler(req, res, body.bytes);
  };
}
