import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runToolCommand } from '../../src/cli/run-tool-command.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { signPagerDutyBody } from '../../tools/shared/verify-pagerduty-signature.ts';
import { PAGERDUTY_SECRET, WEBHOOK_TOKEN, pagerDutyTriggered } from '../support/pagerduty-webhook-fixture.ts';

// `opsight tool alerts --http 0`: the MCP tool server's HTTP mode with its webhook receiver on the same port.

const SECRET = PAGERDUTY_SECRET;
const TOKEN = WEBHOOK_TOKEN;
const pdEvent = pagerDutyTriggered('Paiements en panne ☕');
// Non-canonical whitespace: re-serializing the parsed JSON would not reproduce these bytes.
const BODY = Buffer.from(JSON.stringify(pdEvent, null, 2) + '\n', 'utf8');
const amPayload = {
  version: '4', status: 'firing', receiver: 'r',
  alerts: [{ status: 'firing', labels: { alertname: 'Down', service: 'api' }, annotations: {}, startsAt: '2026-03-04T15:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'fp1' }],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsight-pd-signature-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const post = (url: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function stored(file: string): Promise<Array<{ source: string; payload: unknown }>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { source: string; payload: unknown });
}

/** Runs the alerts tool server over HTTP with `env` and gives `use` its base URL and MCP URL. */
async function withAlertsTool(env: NodeJS.ProcessEnv, use: (base: string, mcpUrl: string) => Promise<void>): Promise<void> {
  const cap = captureIo();
  const code = await runToolCommand(['alerts', '--http', '0'], cap.io, env, async (_mode, served) => {
    await use((served.url as string).replace(/\/mcp$/, ''), served.url as string);
  });
  expect(code).toBe(0);
}

describe('opsight tool alerts --http with OPSIGHT_PAGERDUTY_WEBHOOK_SECRET', () => {
  it('stores a signed PagerDuty delivery and serves it back; unsigned or wrongly signed ones get 401 and store nothing', async () => {
    const file = join(dir, 'alerts.jsonl');
    await withAlertsTool({ OPSIGHT_ALERTS_FILE: file, OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET }, async (base, mcpUrl) => {
      const url = `${base}/webhooks/pagerduty`;
      const refusals: Array<Record<string, string>> = [
        {},
        { 'x-pagerduty-signature': '' },
        { 'x-pagerduty-signature': signPagerDutyBody(BODY, 'another-secret-0123456789') },
        { 'x-pagerduty-signature': signPagerDutyBody(BODY, SECRET).replace('v1=', 'v2=') },
        { 'x-pagerduty-signature': signPagerDutyBody(JSON.stringify(pdEvent), SECRET) }, // signed the re-serialized JSON, not these bytes
        { 'x-pagerduty-signature': 'garbage' },
      ];
      for (const headers of refusals) {
        const refused = await post(url, BODY, headers);
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ ok: false, error: expect.stringContaining('X-PagerDuty-Signature') });
      }
      // A tampered body under a signature of the original.
      const tampered = await post(url, Buffer.from(BODY.toString('utf8').replace('triggered', 'resolved')), { 'x-pagerduty-signature': signPagerDutyBody(BODY, SECRET) });
      expect(tampered.status).toBe(401);
      // Nothing invalid reaches the parser: a bad body without a signature is 401, not 400.
      expect((await post(url, '{not json')).status).toBe(401);
      expect(await stored(file)).toEqual([]);

      // During rotation PagerDuty sends several v1 signatures; one valid is enough.
      const rotating = `v1=${'0'.repeat(64)}, ${signPagerDutyBody(BODY, SECRET)}, v2=abc`;
      const accepted = await post(url, BODY, { 'x-pagerduty-signature': rotating });
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ ok: true });
      expect(await stored(file)).toEqual([{ receivedAt: expect.any(String), source: 'pagerduty', payload: pdEvent }]);

      // A signed but invalid event is still validated after the signature check.
      const badEvent = Buffer.from(JSON.stringify({ event: { ...pdEvent.event, event_type: '' } }));
      const invalid = await post(url, badEvent, { 'x-pagerduty-signature': signPagerDutyBody(badEvent, SECRET) });
      expect(invalid.status).toBe(400);
      expect(await stored(file)).toHaveLength(1);

      // The Alertmanager path is unaffected by the PagerDuty secret (no token set: open as before).
      expect((await post(`${base}/webhooks/alertmanager`, JSON.stringify(amPayload))).status).toBe(200);

      const client = new Client({ name: 'test', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
      const raw = (await client.callTool({ name: 'alerts_get_notifications', arguments: {} })).structuredContent as { pagerduty: unknown[] };
      await client.close();
      expect(raw.pagerduty).toEqual([pdEvent]);
    });
  });

  it('hashes the raw bytes: a body with bytes that are not UTF-8 verifies as sent', async () => {
    const file = join(dir, 'alerts.jsonl');
    const text = JSON.stringify(pdEvent);
    const at = Buffer.from(text).indexOf('Paiements');
    // 0xff inside the title: decoding and re-encoding would turn it into U+FFFD (3 other bytes).
    const body = Buffer.concat([Buffer.from(text).subarray(0, at), Buffer.from([0xff]), Buffer.from(text).subarray(at)]);
    await withAlertsTool({ OPSIGHT_ALERTS_FILE: file, OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET }, async (base) => {
      const response = await post(`${base}/webhooks/pagerduty`, body, { 'x-pagerduty-signature': signPagerDutyBody(body, SECRET) });
      expect(response.status).toBe(200);
      expect(await stored(file)).toHaveLength(1);
    });
  });

  it('with OPSIGHT_WEBHOOK_TOKEN too: the signature alone suffices on /webhooks/pagerduty; the token alone does not; Alertmanager still needs the token', async () => {
    const file = join(dir, 'alerts.jsonl');
    await withAlertsTool({ OPSIGHT_ALERTS_FILE: file, OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET, OPSIGHT_WEBHOOK_TOKEN: TOKEN }, async (base) => {
      const tokenOnly = await post(`${base}/webhooks/pagerduty`, BODY, { authorization: `Bearer ${TOKEN}` });
      expect(tokenOnly.status).toBe(401);
      expect(await tokenOnly.text()).toContain('X-PagerDuty-Signature');
      expect(await stored(file)).toEqual([]);

      expect((await post(`${base}/webhooks/pagerduty`, BODY, { 'x-pagerduty-signature': signPagerDutyBody(BODY, SECRET) })).status).toBe(200);
      expect((await post(`${base}/webhooks/pagerduty`, BODY, { 'x-pagerduty-signature': signPagerDutyBody(BODY, SECRET), authorization: 'Bearer wrong' })).status).toBe(200);

      const amRefused = await post(`${base}/webhooks/alertmanager`, JSON.stringify(amPayload), { 'x-pagerduty-signature': signPagerDutyBody(JSON.stringify(amPayload), SECRET) });
      expect(amRefused.status).toBe(401);
      expect(await amRefused.text()).toContain('OPSIGHT_WEBHOOK_TOKEN');
      expect((await post(`${base}/webhooks/alertmanager`, JSON.stringify(amPayload), { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await stored(file)).map((s) => s.source)).toEqual(['pagerduty', 'pagerduty', 'alertmanager']);
    });
  });

  it('without the secret nothing changes: PagerDuty deliveries are taken unsigned, or need the bearer token when it is set', async () => {
    const open = join(dir, 'open.jsonl');
    await withAlertsTool({ OPSIGHT_ALERTS_FILE: open }, async (base) => {
      expect((await post(`${base}/webhooks/pagerduty`, BODY)).status).toBe(200);
    });
    expect(await stored(open)).toHaveLength(1);

    const guarded = join(dir, 'guarded.jsonl');
    await withAlertsTool({ OPSIGHT_ALERTS_FILE: guarded, OPSIGHT_WEBHOOK_TOKEN: TOKEN }, async (base) => {
      const refused = await post(`${base}/webhooks/pagerduty`, BODY, { 'x-pagerduty-signature': signPagerDutyBody(BODY, SECRET) });
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('OPSIGHT_WEBHOOK_TOKEN');
      expect((await post(`${base}/webhooks/pagerduty`, BODY, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    });
    expect(await stored(guarded)).toHaveLength(1);
  });
});
