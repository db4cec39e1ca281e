import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './send-json.ts';

type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Guards webhook routes with a shared token: with `token` set, a request to one of the handler's routes
 * must carry `Authorization: Bearer <token>` (Alertmanager `http_config.authorization`, a custom header
 * on a PagerDuty V3 subscription, any CloudEvents sender) or it gets 401 and reaches no sink. Without a
 * token the handler is returned unchanged. Paths the handler does not serve pass through untouched.
 */
export function requireBearerToken(handler: RouteHandler, token: string | undefined, paths: readonly string[]): RouteHandler {
  if (!token) return handler;
  const expected = Buffer.from(`Bearer ${token}`);
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!paths.includes(path)) return handler(req, res);
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      req.resume();
      sendJson(res, 401, { ok: false, error: 'missing or wrong Authorization: Bearer token (the webhook token is set with OPSIGHT_WEBHOOK_TOKEN)' });
      return true;
    }
    return handler(req, res);
  };
}
