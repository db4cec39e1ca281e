import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePagerDutySignature, signPagerDutyBody, verifyPagerDutySignature } from './verify-pagerduty-signature.ts';

const SECRET = 'pd-signing-secret-0123456789abcdef';
const BODY = Buffer.from('{"event":{"id":"01EVT","event_type":"incident.triggered","data":{"title":"Café ☕ down"}}}', 'utf8');
const hmacHex = (body: Uint8Array | string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('verifyPagerDutySignature', () => {
  it('accepts the v1 HMAC-SHA256 of the raw body under the signing secret', () => {
    expect(verifyPagerDutySignature(BODY, `v1=${hmacHex(BODY, SECRET)}`, SECRET)).toBe(true);
    expect(signPagerDutyBody(BODY, SECRET)).toBe(`v1=${hmacHex(BODY, SECRET)}`);
  });

  it('accepts upper-case hex (the digest is compared as bytes)', () => {
    expect(verifyPagerDutySignature(BODY, `v1=${hmacHex(BODY, SECRET).toUpperCase()}`, SECRET)).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyPagerDutySignature(BODY, `v1=${hmacHex(BODY, 'another-secret-0123456789')}`, SECRET)).toBe(false);
  });

  it('refuses a tampered body, even one differing only in whitespace (no re-serialization)', () => {
    const header = `v1=${hmacHex(BODY, SECRET)}`;
    expect(verifyPagerDutySignature(Buffer.from(BODY.toString('utf8').replace('down', 'up')), header, SECRET)).toBe(false);
    expect(verifyPagerDutySignature(Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8')), null, 1)), header, SECRET)).toBe(false);
    expect(verifyPagerDutySignature(Buffer.concat([BODY, Buffer.from('\n')]), header, SECRET)).toBe(false);
  });

  it('accepts when any one of several signatures matches (secret rotation), in any position, with or without spaces', () => {
    const good = `v1=${hmacHex(BODY, SECRET)}`;
    const old = `v1=${hmacHex(BODY, 'the-previous-secret-0123')}`;
    expect(verifyPagerDutySignature(BODY, `${old},${good}`, SECRET)).toBe(true);
    expect(verifyPagerDutySignature(BODY, `${good}, ${old}`, SECRET)).toBe(true);
    expect(verifyPagerDutySignature(BODY, [old, good], SECRET)).toBe(true);
    expect(verifyPagerDutySignature(BODY, `${old}, ${old}`, SECRET)).toBe(false);
  });

  it('ignores unknown versions: a v2 entry neither matches nor spoils a valid v1', () => {
    const hex = hmacHex(BODY, SECRET);
    expect(verifyPagerDutySignature(BODY, `v2=${hex}`, SECRET)).toBe(false);
    expect(verifyPagerDutySignature(BODY, `v2=zzz,v1=${hex}`, SECRET)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['empty header', ''],
    ['bare hex without v1=', hmacHex(BODY, SECRET)],
    ['truncated hex', `v1=${hmacHex(BODY, SECRET).slice(0, 63)}`],
    ['hex one byte short', `v1=${hmacHex(BODY, SECRET).slice(0, 62)}`],
    ['non-hex characters', `v1=${'g'.repeat(64)}`],
    ['extra characters', `v1=${hmacHex(BODY, SECRET)}00`],
    ['only separators', ', ,,'],
    ['v1= with nothing', 'v1='],
    ['base64 instead of hex', `v1=${createHmac('sha256', SECRET).update(BODY).digest('base64')}`],
  ])('refuses a malformed header: %s', (_name, header) => {
    expect(verifyPagerDutySignature(BODY, header, SECRET)).toBe(false);
  });

  it('refuses everything with an empty secret', () => {
    expect(verifyPagerDutySignature(BODY, `v1=${hmacHex(BODY, '')}`, '')).toBe(false);
  });
});

describe('requirePagerDutySignature', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(secret: string | undefined, maxBytes = 1024) {
    const seen: Array<{ path: string; rawBody: string | undefined }> = [];
    const guarded = requirePagerDutySignature(
      async (req, res, rawBody) => {
        seen.push({ path: req.url ?? '', rawBody: rawBody?.toString('utf8') });
        res.writeHead(200).end('handled');
        return true;
      },
      secret,
      ['/webhooks/pagerduty'],
      maxBytes,
    );
    server = createServer((req, res) => void guarded(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const post = (url: string, body: Uint8Array | string, signature?: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-pagerduty-signature': signature } : {}) }, body });

  it('hands a signed body to the handler as the exact bytes received', async () => {
    const { base, seen } = await serve(SECRET);
    const response = await post(`${base}/webhooks/pagerduty`, BODY, signPagerDutyBody(BODY, SECRET));
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ path: '/webhooks/pagerduty', rawBody: BODY.toString('utf8') }]);
  });

  it('answers 401 naming the header, without calling the handler, when the header is missing or no v1 matches', async () => {
    const { base, seen } = await serve(SECRET);
    const missing = await post(`${base}/webhooks/pagerduty`, BODY);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(await missing.json()).toMatchObject({ ok: false, error: expect.stringContaining('X-PagerDuty-Signature') });
    const wrong = await post(`${base}/webhooks/pagerduty`, BODY, signPagerDutyBody(BODY, 'wrong-secret-0123456789'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: expect.stringContaining('X-PagerDuty-Signature') });
    expect(seen).toEqual([]);
  });

  it('refuses a body over the limit with 413', async () => {
    const { base, seen } = await serve(SECRET, 16);
    const response = await post(`${base}/webhooks/pagerduty`, BODY, signPagerDutyBody(BODY, SECRET));
    expect(response.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('leaves other paths alone, and everything alone without a secret', async () => {
    const guarded = await serve(SECRET);
    expect((await post(`${guarded.base}/webhooks/alertmanager`, '{}')).status).toBe(200);
    expect(guarded.seen).toEqual([{ path: '/webhooks/alertmanager', rawBody: undefined }]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const open = await serve(undefined);
    expect((await post(`${open.base}/webhooks/pagerduty`, '{}')).status).toBe(200);
    expect(open.seen).toEqual([{ path: '/webhooks/pagerduty', rawBody: undefined }]);
  });
});
