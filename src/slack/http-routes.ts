import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpsightMetrics } from './opsight-metrics.ts';

/** A plain Node handler for one extra route (webhook receivers). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Webhook receivers mounted at `POST <path>` when their modules are present. */
export interface WebhookRoute {
  path: string;
  handler: NodeHandler;
}

/**
 * `GET /healthz`, `GET /metrics` (Prometheus text format) and the webhook receivers, as Bolt custom routes.
 * A handler that throws answers 500 and is counted; it never reaches the process.
 */
export function buildHttpRoutes(metrics: OpsightMetrics, health: () => Record<string, unknown>, webhooks: readonly WebhookRoute[] = []): CustomRoute[] {
  const guard = (route: string, handler: NodeHandler) => (req: IncomingMessage, res: ServerResponse) => {
    metrics.requests.inc({ kind: 'http', route });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        metrics.failures.inc({ stage: 'http' });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'internal error' }));
      });
  };
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: guard('/healthz', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok', ...health() }));
      }),
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: guard('/metrics', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(metrics.registry.render());
      }),
    },
    ...webhooks.map((w) => ({ path: w.path, method: 'POST', handler: guard(w.path, w.handler) })),
  ];
}
