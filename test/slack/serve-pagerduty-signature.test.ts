import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServe } from '../../src/cli/run-serve-command.ts';
import { describeWebhookAuth } from '../../tools/shared/describe-webhook-auth.ts';
import { signPagerDutyBody } from '../../tools/shared/verify-pagerduty-signature.ts';
import { PAGERDUTY_SECRET, WEBHOOK_TOKEN, pagerDutyTriggered } from '../support/pagerduty-webhook-fixture.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';

// `opsight serve`'s webhook routes (mounted on the Bolt HTTP server) with OPSIGHT_PAGERDUTY_WEBHOOK_SECRET.

const SECRET = PAGERDUTY_SECRET;
const TOKEN = WEBHOOK_TOKEN;
const pdEvent = pagerDutyTriggered('Payments down — «ü»');
const BODY = Buffer.from(`  ${JSON.stringify(pdEvent, null, '\t')}\r\n`, 'utf8');

let fake: FakeSlackWebApi;
let dir: string;
let serve: Awaited<ReturnType<typeof startServe>>;
let base: string;
let alertsFile: string;
let startupLog = '';

beforeAll(async () => {
  fake = await startFakeSlackWebApi();
  dir = await mkdtemp(join(tmpdir(), 'opsight-serve-pd-'));
  alertsFile = join(dir, 'alerts.jsonl');
  const write = process.stderr.write.bind(process.stderr);
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    startupLog += String(chunk);
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  });
  try {
    serve = await startServe({
      SLACK_BOT_TOKEN: 'xoxb-test-token-0000',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.url,
      PORT: '0',
      OPSIGHT_DATA_DIR: join(dir, 'data'),
      OPSIGHT_ALERTS_FILE: alertsFile,
      OPSIGHT_CHANGES_FILE: join(dir, 'changes.jsonl'),
      OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET,
    });
  } finally {
    spy.mockRestore();
  }
  base = `http://127.0.0.1:${serve.port}`;
}, 120_000);

afterAll(async () => {
  await serve?.stop();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function stored(): Promise<Array<{ source: string; payload: unknown }>> {
  const text = await readFile(alertsFile, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { source: string; payload: unknown });
}

describe('opsight serve: /webhooks/pagerduty with OPSIGHT_PAGERDUTY_WEBHOOK_SECRET', () => {
  it('warns at start that the other webhooks are open, not PagerDuty', () => {
    expect(startupLog).toContain('/webhooks/alertmanager and /webhooks/cloudevents accept unauthenticated POSTs');
    expect(startupLog).toContain("/webhooks/pagerduty checks PagerDuty's signature");
  });

  it('refuses unsigned and wrongly signed deliveries with 401 naming the header, and stores nothing', async () => {
    const refusals: Array<Record<string, string>> = [{}, { 'x-pagerduty-signature': signPagerDutyBody(BODY, 'another-secret-0123456789') }, { 'x-pagerduty-signature': signPagerDutyBody(JSON.stringify(pdEvent), SECRET) }, { authorization: `Bearer ${TOKEN}` }];
    for (const headers of refusals) {
      const refused = await post('/webhooks/pagerduty', BODY, headers);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ ok: false, error: expect.stringContaining('X-PagerDuty-Signature') });
    }
    expect(await stored()).toEqual([]);
  });

  it('stores a delivery signed over its exact bytes (one valid v1 among several is enough)', async () => {
    const header = `v1=${'a'.repeat(64)},${signPagerDutyBody(BODY, SECRET)}`;
    const accepted = await post('/webhooks/pagerduty', BODY, { 'x-pagerduty-signature': header });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ ok: true });
    expect(await stored()).toEqual([{ receivedAt: expect.any(String), source: 'pagerduty', payload: pdEvent }]);
  });

  it('leaves the other webhooks as they were (no token set: open)', async () => {
    const change = await post('/webhooks/cloudevents', JSON.stringify({ specversion: '1.0', id: 'd-1', source: 'argocd', type: 'deploy', subject: 'payments', time: '2026-03-04T14:58:40Z', data: {} }), {
      'content-type': 'application/cloudevents+json',
    });
    expect(change.status).toBe(200);
    expect((await post('/webhooks/alertmanager', '{"version":"4"}')).status).toBe(400);
  });
});

describe('describeWebhookAuth (the start-up warning of opsight serve)', () => {
  it('names both variables when nothing is set', () => {
    const { warning, note } = describeWebhookAuth({});
    expect(warning).toContain('/webhooks/* accept unauthenticated POSTs');
    expect(warning).toContain('OPSIGHT_WEBHOOK_TOKEN');
    expect(warning).toContain('OPSIGHT_PAGERDUTY_WEBHOOK_SECRET');
    expect(warning).toContain('X-PagerDuty-Signature');
    expect(note).toBeUndefined();
  });

  it('with only the PagerDuty secret, warns about the Alertmanager and CloudEvents webhooks', () => {
    const { warning } = describeWebhookAuth({ OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET });
    expect(warning).toMatch(/^\/webhooks\/alertmanager and \/webhooks\/cloudevents accept unauthenticated POSTs/);
    expect(warning).toContain('OPSIGHT_WEBHOOK_TOKEN');
  });

  it('with only the token, no warning but a note that PagerDuty signatures are not verified', () => {
    const { warning, note } = describeWebhookAuth({ OPSIGHT_WEBHOOK_TOKEN: TOKEN });
    expect(warning).toBeUndefined();
    expect(note).toContain('OPSIGHT_PAGERDUTY_WEBHOOK_SECRET');
  });

  it('says nothing when both are set', () => {
    expect(describeWebhookAuth({ OPSIGHT_WEBHOOK_TOKEN: TOKEN, OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET })).toEqual({});
  });
});

describe('describeWebhookAuth for a tool server that receives only some webhooks', () => {
  it('names only the paths it serves', () => {
    expect(describeWebhookAuth({}, ['/webhooks/cloudevents']).warning).toMatch(/^\/webhooks\/cloudevents accept unauthenticated POSTs: set OPSIGHT_WEBHOOK_TOKEN/);
    expect(describeWebhookAuth({ OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: SECRET }, ['/webhooks/pagerduty'])).toEqual({});
    expect(describeWebhookAuth({ OPSIGHT_WEBHOOK_TOKEN: TOKEN }, ['/webhooks/cloudevents'])).toEqual({});
  });
});
