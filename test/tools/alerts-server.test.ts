import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertsServer, openAlertsBackend } from '../../tools/alerts/index.ts';
import { amPayload } from './alerts-fixtures.ts';
import { connectInMemory, textOf } from './connect-in-memory.ts';

type Group = { fingerprint: string; alertname: string; service?: string; state: string; firstFiringAt: string; resolvedAt?: string; notifications: number };

describe('alerts server on the demo bundle', () => {
  let mcp: Awaited<ReturnType<typeof connectInMemory>>;
  beforeAll(async () => {
    mcp = await connectInMemory(createAlertsServer(await openAlertsBackend({ bundleDir: 'examples/demo-incident', env: {} })));
  });
  afterAll(() => mcp.close());

  it('groups the bundle notifications, one row per fingerprint', async () => {
    const result = await mcp.call('alerts_list_alerts', {});
    expect(result.isError).toBeFalsy();
    const { groups, truncated } = result.structuredContent as { groups: Group[]; truncated: boolean };
    expect(truncated).toBe(false);
    expect(new Set(groups.map((g) => g.fingerprint)).size).toBe(groups.length);
    expect(groups.some((g) => g.fingerprint === '063fb5ebcfb7e31f' && g.alertname === 'SLOErrorBudgetBurn' && g.service === 'frontend')).toBe(true);
    expect(groups.some((g) => g.fingerprint.startsWith('pagerduty:'))).toBe(true);
    const firsts = groups.map((g) => g.firstFiringAt);
    expect([...firsts].sort()).toEqual(firsts);
  });

  it('returns the raw payloads exactly as the bundle holds them', async () => {
    const result = await mcp.call('alerts_get_notifications', { limit: 500 });
    const { alertmanager, pagerduty, truncated } = result.structuredContent as { alertmanager: unknown[]; pagerduty: unknown[]; truncated: boolean };
    const lines = (file: string) => readFileSync(join('examples/demo-incident/alerts', file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    expect(truncated).toBe(false);
    expect(alertmanager).toHaveLength(lines('pagerduty-critical.jsonl').length);
    expect(alertmanager).toContainEqual(lines('pagerduty-critical.jsonl')[0]);
    expect(pagerduty).toHaveLength(lines('incidents.pagerduty.jsonl').length);
    const page = (await mcp.call('alerts_get_notifications', { limit: 4 })).structuredContent as { alertmanager: unknown[]; pagerduty: unknown[]; nextCursor?: string; truncated: boolean };
    expect(page.alertmanager.length + page.pagerduty.length).toBe(4);
    expect(page.truncated).toBe(true);
    expect(page.nextCursor).toBeTypeOf('string');
  });

  it.each([
    [{ state: 'open' }, 'state'],
    [{ limit: 0 }, 'limit'],
    [{ start: '2026-03-04 lunch' }, 'start'],
  ])('rejects %j naming %s', async (args, argument) => {
    const result = await mcp.call('alerts_list_alerts', args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(argument);
  });
});

describe('alerts server on a fixture with re-sends', () => {
  let dir: string;
  let mcp: Awaited<ReturnType<typeof connectInMemory>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-alerts-'));
    await mkdir(join(dir, 'alerts'));
    const db = { fingerprint: 'aaa1', alertname: 'DBConnectionsHigh', service: 'payments', startsAt: '2026-03-04T15:00:00Z' };
    const cpu = { fingerprint: 'bbb2', alertname: 'CPUHigh', service: 'search', startsAt: '2026-03-04T13:00:00Z' };
    const lines = [
      amPayload({ ...cpu, status: 'firing' }),
      amPayload({ ...cpu, status: 'resolved', endsAt: '2026-03-04T13:20:00Z' }),
      amPayload({ ...db, status: 'firing' }),
      amPayload({ ...db, status: 'firing' }),
      amPayload({ ...db, status: 'firing' }),
    ];
    await writeFile(join(dir, 'incident.json'), '{}');
    await writeFile(join(dir, 'alerts', 'prod.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
    mcp = await connectInMemory(createAlertsServer(await openAlertsBackend({ bundleDir: dir, env: {} })));
  });
  afterAll(async () => {
    await mcp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('collapses re-sends and sets resolvedAt from the resolving notification', async () => {
    const result = await mcp.call('alerts_list_alerts', {});
    expect(result.structuredContent).toMatchObject({
      truncated: false,
      groups: [
        { fingerprint: 'bbb2', state: 'resolved', firstFiringAt: '2026-03-04T13:00:00Z', resolvedAt: '2026-03-04T13:20:00Z', notifications: 2 },
        { fingerprint: 'aaa1', state: 'firing', service: 'payments', notifications: 3 },
      ],
    });
    expect(textOf(result)).toMatch(/1 unreadable line\(s\) skipped, first: alerts\/prod\.jsonl line 6/);
  });

  it('filters by state, service and time range', async () => {
    const names = async (args: Record<string, unknown>) =>
      ((await mcp.call('alerts_list_alerts', args)).structuredContent as { groups: Group[] }).groups.map((g) => g.fingerprint);
    expect(await names({ state: 'firing' })).toEqual(['aaa1']);
    expect(await names({ state: 'resolved' })).toEqual(['bbb2']);
    expect(await names({ service: 'search' })).toEqual(['bbb2']);
    expect(await names({ start: '2026-03-04T14:00:00Z' })).toEqual(['aaa1']);
    expect(await names({ end: '2026-03-04T14:00:00Z' })).toEqual(['bbb2']);
    expect(await names({ start: '2026-03-04T13:10:00Z', end: '2026-03-04T13:15:00Z' })).toEqual(['bbb2']);
    expect(await names({ limit: 1 })).toEqual(['bbb2']);
  });
});
