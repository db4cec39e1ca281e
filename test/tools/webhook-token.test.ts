import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAlertWebhookHandler } from '../../tools/alerts/index.ts';
import { openChangeWebhookHandler } from '../../tools/changes/index.ts';

const TOKEN = 'a-webhook-token-of-some-length';
const PAYLOAD = {
  version: '4', groupKey: 'g', status: 'firing', receiver: 'opsight', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '',
  alerts: [{ status: 'firing', labels: { alertname: 'HighErrorRate', service: 'checkout' }, annotations: {}, startsAt: '2026-11-29T13:50:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'fp1' }],
};
const EVENT = { specversion: '1.0', id: 'd-1', source: 'argocd', type: 'deploy', subject: 'checkout', time: '2026-11-29T13:40:00Z', data: {} };

let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function serve(env: NodeJS.ProcessEnv): Promise<string> {
  const alerts = openAlertWebhookHandler(env);
  const changes = openChangeWebhookHandler(env);
  server = createServer((req, res) => {
    void (async () => {
      if (!(await alerts(req, res)) && !(await changes(req, res))) res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, body: unknown, authorization?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });

describe('webhook receivers with OPSIGHT_WEBHOOK_TOKEN', () => {
  it('store nothing without the bearer token, and store with it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-webhook-token-'));
    const env = { OPSIGHT_WEBHOOK_TOKEN: TOKEN, OPSIGHT_ALERTS_FILE: join(dir, 'alerts.jsonl'), OPSIGHT_CHANGES_FILE: join(dir, 'changes.jsonl') };
    const base = await serve(env);
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const refused = await post(`${base}/webhooks/alertmanager`, PAYLOAD, authorization);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('OPSIGHT_WEBHOOK_TOKEN');
    }
    expect((await post(`${base}/webhooks/cloudevents`, EVENT)).status).toBe(401);
    await expect(readFile(env.OPSIGHT_ALERTS_FILE, 'utf8')).rejects.toThrow();

    expect((await post(`${base}/webhooks/alertmanager`, PAYLOAD, `Bearer ${TOKEN}`)).status).toBe(200);
    expect((await post(`${base}/webhooks/cloudevents`, EVENT, `Bearer ${TOKEN}`)).status).toBeLessThan(300);
    expect((await readFile(env.OPSIGHT_ALERTS_FILE, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await readFile(env.OPSIGHT_CHANGES_FILE, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('accept unauthenticated posts when no token is set (the documented default for 127.0.0.1)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-webhook-open-'));
    const base = await serve({ OPSIGHT_ALERTS_FILE: join(dir, 'alerts.jsonl'), OPSIGHT_CHANGES_FILE: join(dir, 'changes.jsonl') });
    expect((await post(`${base}/webhooks/alertmanager`, PAYLOAD)).status).toBe(200);
  });
});
