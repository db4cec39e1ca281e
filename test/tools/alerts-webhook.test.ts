import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertStoreSinks, createAlertsServer, createAlertWebhookHandler } from '../../tools/alerts/index.ts';
import { createAlertsLiveBackend } from '../../tools/alerts/live-backend.ts';
import { amPayload } from './alerts-fixtures.ts';
import { connectInMemory, textOf } from './connect-in-memory.ts';

const pdEvent = {
  event: {
    id: '01EVT', event_type: 'incident.triggered', resource_type: 'incident', occurred_at: '2026-03-04T15:06:39Z',
    agent: { type: 'service_reference', summary: 'Alertmanager' },
    data: { id: 'Q1', type: 'incident', title: 'Payments down', status: 'triggered', incident_key: 'k1', service: { id: 'P1', summary: 'payments' } },
  },
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('alert webhook receiver', () => {
  let dir: string;
  let storeFile: string;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-webhook-'));
    storeFile = join(dir, 'nested', 'alerts.jsonl');
    let tick = 0;
    const handler = createAlertWebhookHandler(alertStoreSinks(storeFile, () => new Date(Date.parse('2026-03-04T15:10:00Z') + 1000 * tick++)));
    server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    base = await listen(server);
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('stores valid payloads; re-sends collapse into one alert and the resolve sets resolvedAt', async () => {
    const alert = { fingerprint: 'f00d', alertname: 'PaymentsErrors', service: 'payments', startsAt: '2026-03-04T15:00:00Z' };
    for (const status of ['firing', 'firing', 'resolved'] as const) {
      const response = await post('/webhooks/alertmanager', amPayload({ ...alert, status, endsAt: status === 'resolved' ? '2026-03-04T15:30:00Z' : undefined }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    }
    expect((await post('/webhooks/pagerduty', pdEvent)).status).toBe(200);

    const mcp = await connectInMemory(createAlertsServer(createAlertsLiveBackend({ storeFile })));
    const list = await mcp.call('alerts_list_alerts', {});
    expect(list.structuredContent).toMatchObject({
      truncated: false,
      groups: [
        { fingerprint: 'f00d', state: 'resolved', lastSeenAt: '2026-03-04T15:10:02Z', resolvedAt: '2026-03-04T15:30:00Z', notifications: 3 },
        { fingerprint: 'pagerduty:k1', service: 'payments', state: 'firing', notifications: 1 },
      ],
    });
    const raw = await mcp.call('alerts_get_notifications', { start: '2026-03-04T15:10:01Z' });
    const { alertmanager, pagerduty } = raw.structuredContent as { alertmanager: Array<{ status: string }>; pagerduty: unknown[] };
    expect(alertmanager.map((p) => p.status)).toEqual(['firing', 'resolved']);
    expect(pagerduty).toEqual([pdEvent]);
    await mcp.close();
  });

  it.each([
    ['/webhooks/alertmanager', '{not json', /body must be a JSON Alertmanager webhook payload/],
    ['/webhooks/alertmanager', { ...amPayload({ fingerprint: 'x', alertname: 'A', service: 's', status: 'firing', startsAt: 'soon' }) }, /alerts\[0\]\.startsAt must be an RFC 3339 timestamp, got "soon"/],
    ['/webhooks/alertmanager', { version: '4', status: 'firing' }, /alerts must be an array, got nothing/],
    ['/webhooks/pagerduty', { event: { ...pdEvent.event, event_type: '' } }, /event\.event_type must be a non-empty string/],
  ])('POST %s with a bad body answers 400 naming the field', async (path, body, message) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { ok: boolean; error: string };
    expect(json.ok).toBe(false);
    expect(json.error).toMatch(message);
    // The receiver keeps serving after a bad request.
    expect((await post('/webhooks/pagerduty', pdEvent)).status).toBe(200);
  });

  it('answers 405 to GET and leaves other paths alone', async () => {
    expect((await fetch(`${base}/webhooks/alertmanager`)).status).toBe(405);
    expect((await post('/elsewhere', {})).status).toBe(404);
  });
});

describe('alerts live backend with the Alertmanager API', () => {
  it('adds the alerts Alertmanager reports now', async () => {
    const am = createServer((req, res) => {
      if (req.url !== '/api/v2/alerts') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([
        { labels: { alertname: 'QueueDepth', service: 'orders', severity: 'warning' }, annotations: { summary: 'queue backing up' }, startsAt: '2026-03-04T15:01:00Z',
          endsAt: '2999-01-01T00:00:00Z', updatedAt: '2026-03-04T15:05:00Z', fingerprint: 'q1', status: { state: 'active', silencedBy: [], inhibitedBy: [] }, receivers: [{ name: 'x' }] },
      ]));
    });
    const url = await listen(am);
    const dir = await mkdtemp(join(tmpdir(), 'opsight-am-'));
    const mcp = await connectInMemory(createAlertsServer(createAlertsLiveBackend({ storeFile: join(dir, 'none.jsonl'), alertmanagerUrl: url })));
    const result = await mcp.call('alerts_list_alerts', { state: 'firing' });
    expect(result.structuredContent).toMatchObject({ groups: [{ fingerprint: 'q1', alertname: 'QueueDepth', service: 'orders', state: 'firing', firstFiringAt: '2026-03-04T15:01:00Z', lastSeenAt: '2026-03-04T15:05:00Z' }] });
    // Collectors read raw payloads: the API's alert comes as the webhook payload Alertmanager would send.
    const raw = await mcp.call('alerts_get_notifications', {});
    expect(raw.structuredContent).toMatchObject({
      alertmanager: [{ version: '4', status: 'firing', receiver: 'alertmanager-api-v2', alerts: [{ fingerprint: 'q1', status: 'firing', endsAt: '0001-01-01T00:00:00Z', labels: { alertname: 'QueueDepth' } }] }],
      pagerduty: [],
    });
    await mcp.close();
    await new Promise<void>((resolve) => am.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('reports an unreachable Alertmanager as an error result', async () => {
    const mcp = await connectInMemory(createAlertsServer(createAlertsLiveBackend({ storeFile: '/nonexistent/alerts.jsonl', alertmanagerUrl: 'http://127.0.0.1:9' })));
    const result = await mcp.call('alerts_list_alerts', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Alertmanager at http:\/\/127\.0\.0\.1:9 is unavailable: GET http:\/\/127\.0\.0\.1:9\/api\/v2\/alerts: .*Check ALERTMANAGER_URL/);
    await mcp.close();
  });
});
