import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChangesServer, openChangesBackend, openChangeWebhookHandler } from '../../tools/changes/index.ts';
import { connectInMemory, textOf } from './connect-in-memory.ts';

type Events = { events: Array<{ id: string; subject?: string; type: string; time: string }>; nextCursor?: string; truncated: boolean };

describe('changes server on the demo bundle', () => {
  let mcp: Awaited<ReturnType<typeof connectInMemory>>;
  beforeAll(async () => {
    mcp = await connectInMemory(createChangesServer(await openChangesBackend({ bundleDir: 'examples/demo-incident', env: {} })));
  });
  afterAll(() => mcp.close());

  it('returns the CloudEvents of changes.jsonl unchanged, oldest first', async () => {
    const result = await mcp.call('changes_list_changes', {});
    const { events, truncated } = result.structuredContent as Events;
    const lines = readFileSync('examples/demo-incident/changes.jsonl', 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { time: string });
    expect(truncated).toBe(false);
    expect(events).toHaveLength(lines.length);
    expect(events).toContainEqual(lines[0]);
    const times = events.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('filters by time range, service and type, and pages', async () => {
    const all = ((await mcp.call('changes_list_changes', {})).structuredContent as Events).events;
    const deploys = ((await mcp.call('changes_list_changes', { type: 'deploy' })).structuredContent as Events).events;
    expect(deploys.length).toBeGreaterThan(0);
    expect(deploys.every((e) => e.type === 'deploy')).toBe(true);
    const pricing = ((await mcp.call('changes_list_changes', { service: 'pricing' })).structuredContent as Events).events;
    expect(pricing.length).toBeGreaterThan(0);
    expect(pricing.every((e) => e.subject === 'pricing')).toBe(true);
    const late = ((await mcp.call('changes_list_changes', { start: '2026-03-04T14:00:00Z', end: '2026-03-04T16:00:00Z' })).structuredContent as Events).events;
    expect(late.length).toBeLessThan(all.length);
    expect(late.every((e) => e.time >= '2026-03-04T14:00:00Z' && e.time <= '2026-03-04T16:00:00Z')).toBe(true);
    const first = (await mcp.call('changes_list_changes', { limit: 3 })).structuredContent as Events;
    const second = (await mcp.call('changes_list_changes', { limit: 3, cursor: first.nextCursor })).structuredContent as Events;
    expect([...first.events, ...second.events].map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
  });

  it.each([
    [{ limit: 501 }, 'limit'],
    [{ end: '04/03/2026' }, 'end'],
    [{ service: '' }, 'service'],
  ])('rejects %j naming %s', async (args, argument) => {
    const result = await mcp.call('changes_list_changes', args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(argument);
  });
});

describe('CloudEvents webhook receiver feeding the live changes tool', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-changes-'));
    env = { OPSIGHT_CHANGES_FILE: join(dir, 'store', 'changes.jsonl') };
    const handler = openChangeWebhookHandler(env);
    server = createServer((req, res) => void handler(req, res).then((handled) => { if (!handled) res.writeHead(404).end(); }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/cloudevents`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const deploy = { specversion: '1.0', id: 'd-1', source: 'argocd', type: 'deploy', subject: 'payments', time: '2026-03-04T14:58:40Z', data: { version: 'v2.4.1' } };

  it('accepts structured, batch and binary mode; redeliveries are listed once', async () => {
    const structured = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(deploy) });
    expect(structured.status).toBe(200);
    const batch = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify([deploy, { ...deploy, id: 'f-2', type: 'feature_flag', subject: 'checkout', time: '2026-03-04T15:01:00Z' }]),
    });
    expect(await batch.json()).toEqual({ ok: true, received: 2 });
    const binary = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'c-3', 'ce-source': 'terraform', 'ce-type': 'config', 'ce-subject': 'orders', 'ce-time': '2026-03-04T15:02:00Z' },
      body: JSON.stringify({ description: 'raise pool size' }),
    });
    expect(binary.status).toBe(200);

    const mcp = await connectInMemory(createChangesServer(await openChangesBackend({ env })));
    const { events } = (await mcp.call('changes_list_changes', {})).structuredContent as Events;
    expect(events.map((e) => e.id)).toEqual(['d-1', 'f-2', 'c-3']);
    expect(events[2]).toMatchObject({ source: 'terraform', subject: 'orders', datacontenttype: 'application/json', data: { description: 'raise pool size' } });
    await mcp.close();
    expect((await readFile(env.OPSIGHT_CHANGES_FILE as string, 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it.each([
    [{ ...deploy, specversion: '0.3' }, /specversion must be "1\.0", got "0\.3"/],
    [{ ...deploy, time: 'yesterday' }, /time must be an RFC 3339 timestamp, got "yesterday"/],
    [{ ...deploy, id: undefined }, /id must be a string, got nothing/],
    [{ ...deploy, subject: undefined }, /subject must name the service/],
    ['{oops', /must be a CloudEvent in JSON/],
  ])('answers 400 for %j', async (body, message) => {
    const response = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it('fills a missing time with the receipt time', async () => {
    const response = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...deploy, time: undefined }) });
    expect(response.status).toBe(200);
    const stored = JSON.parse(await readFile(env.OPSIGHT_CHANGES_FILE as string, 'utf8')) as { time: string };
    expect(Math.abs(Date.parse(stored.time) - Date.now())).toBeLessThan(60_000);
  });

  it('lists nothing (not an error) before any event arrived, and reports unreadable lines', async () => {
    const mcp = await connectInMemory(createChangesServer(await openChangesBackend({ env })));
    const empty = await mcp.call('changes_list_changes', {});
    expect(empty.isError).toBeFalsy();
    expect(empty.structuredContent).toEqual({ events: [], truncated: false });
    await mkdir(join(dir, 'store'), { recursive: true });
    await writeFile(env.OPSIGHT_CHANGES_FILE as string, `${JSON.stringify(deploy)}\n{"specversion":"1.0"}\n`);
    const one = await mcp.call('changes_list_changes', {});
    expect((one.structuredContent as Events).events).toHaveLength(1);
    expect(textOf(one)).toMatch(/1 unreadable line\(s\) skipped, first: .*changes\.jsonl line 2/);
    await mcp.close();
  });
});
