import { describe, expect, it } from 'vitest';
import { collectIncidentBundle } from '../../src/agent/mcp/collect-incident-bundle.ts';
import { analyzeIncident } from '../../src/analysis/analyze-incident.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { bundleContractDouble } from './mcp-contract-double.ts';

const DEMO = 'examples/demo-incident';
const CHANNEL = 'inc-20260304-payment';
const RANGE = { startMs: Date.parse('2026-03-04T10:30:00Z'), endMs: Date.parse('2026-03-04T16:40:00Z') };

describe('collectIncidentBundle', () => {
  it('rebuilds the same records as readBundle from the contract tools, following every cursor', async () => {
    const disk = await readBundle(DEMO);
    const { tools, calls } = bundleContractDouble(DEMO);
    const live = await collectIncidentBundle(tools, { channel: CHANNEL, ...RANGE, services: ['checkout'] });

    const diskChat = disk.chat.filter((m) => m.channel === CHANNEL);
    expect(live.chat.map((m) => [m.id, m.userName, m.text])).toEqual(diskChat.map((m) => [m.id, m.userName, m.text]));
    expect(live.users).toEqual(disk.users);
    expect(live.alerts.map((a) => a.fingerprint).sort()).toEqual(disk.alerts.map((a) => a.fingerprint).sort());
    expect(live.metrics.map((s) => [s.name, s.service, s.timesMs.length])).toEqual(disk.metrics.map((s) => [s.name, s.service, s.timesMs.length]));
    expect(live.logs.map((l) => [l.timeMs, l.service, l.line])).toEqual(disk.logs.map((l) => [l.timeMs, l.service, l.line]));
    expect(live.changes.map((c) => c.id)).toEqual(disk.changes.map((c) => c.id));
    expect(live.missingSources).toEqual(['topology']);
    expect(calls.filter((c) => c.name === 'changes_list_changes').length).toBeGreaterThan(1);
    expect(calls.filter((c) => c.name === 'slack_get_thread_replies').length).toBeGreaterThan(0);
    expect(calls.find((c) => c.name === 'metrics_query_range')?.args).toMatchObject({ query: '{__name__=~".+"}', start: '2026-03-04T10:30:00.000Z', maxPoints: 11_000 });

    const top = (b: typeof disk) => analyzeIncident(b).rootCauses[0];
    expect([top(live)?.service, top(live)?.kind]).toEqual([top(disk)?.service, top(disk)?.kind]);
  });

  it('reads other channels besides the incident channel, which still sets the incident', async () => {
    const disk = await readBundle(DEMO);
    const { tools } = bundleContractDouble(DEMO);
    const live = await collectIncidentBundle(tools, { channel: CHANNEL, otherChannels: ['alerts-prod', 'C0MCW9PBLD', 'deploys', 'support-escalations'], ...RANGE });
    const byId = (b: typeof disk) => b.chat.map((m) => [m.id, m.text]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
    expect(byId(live)).toEqual(byId(disk));
    expect(live.incident).toMatchObject({ channel: CHANNEL, openedAt: '2026-03-04T15:10:53.000Z' });
  });

  it('derives the incident from the request and the channel, and lets the request override it', async () => {
    const { tools } = bundleContractDouble(DEMO);
    const derived = await collectIncidentBundle(tools, { channel: 'C07FYP5JX0', ...RANGE });
    expect(derived.incident).toMatchObject({
      id: 'LIVE-inc-20260304-payment-2026-03-04T10:30:00Z',
      severity: 'sev3',
      channel: CHANNEL,
      openedAt: '2026-03-04T15:10:53.000Z', // the channel's first message: the declaration
      services: [],
    });
    const given = await collectIncidentBundle(tools, { channel: CHANNEL, ...RANGE, incident: { id: 'INC-7', severity: 'sev1', resolvedAt: '2026-03-04T16:30:52Z' } });
    expect(given.incident).toMatchObject({ id: 'INC-7', severity: 'sev1', resolvedAt: '2026-03-04T16:30:52Z' });
  });

  it('lists a source whose tool is not offered or fails as missing, with a problem naming the tool', async () => {
    const { tools } = bundleContractDouble(DEMO, {
      logs_query_range: undefined,
      changes_list_changes: () => {
        throw new Error('unreachable');
      },
    });
    const failing: typeof tools = {
      listTools: tools.listTools,
      callTool: async (name, args, options) =>
        name === 'changes_list_changes' ? { ok: false, isError: true, text: 'MCP server "changes": backend unreachable' } : tools.callTool(name, args, options),
    };
    const bundle = await collectIncidentBundle(failing, { channel: CHANNEL, ...RANGE });
    expect(bundle.missingSources).toEqual(['logs', 'changes', 'topology']);
    expect(bundle.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'mcp:logs_query_range', message: expect.stringContaining('no connected MCP server offers this tool') }),
        expect.objectContaining({ file: 'mcp:changes_list_changes', message: 'MCP server "changes": backend unreachable' }),
      ]),
    );
    expect(bundle.metrics.length).toBeGreaterThan(0);
  });

  it('drops a source whose output breaks the contract or the bundle format, instead of failing', async () => {
    const { tools } = bundleContractDouble(DEMO, {
      metrics_query_range: () => ({ resultType: 'vector', result: [] }),
      slack_get_channel_history: () => ({ channel: { id: 'C1', name: 'x' }, messages: [{ ts: 'yesterday' }], truncated: false }),
    });
    const bundle = await collectIncidentBundle(tools, { channel: CHANNEL, ...RANGE });
    expect(bundle.missingSources).toEqual(['slack', 'metrics', 'topology']);
    expect(bundle.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'mcp:metrics_query_range', field: 'structuredContent.resultType' }),
        expect.objectContaining({ file: 'mcp:slack_get_channel_history(x)', message: expect.stringContaining('slack was not used') }),
      ]),
    );
    expect(bundle.alerts.length).toBeGreaterThan(0);
  });

  it('pages logs forward by time and reads streams labelled by app as well as by service', async () => {
    const ns = (second: number) => String(Date.parse('2026-03-04T15:00:00Z') * 1e6 + second * 1e9);
    const streams = [
      { stream: { service: 'payments', level: 'error' }, values: Array.from({ length: 7 }, (_, i) => [ns(i), `stripe 401 #${i}`]) },
      { stream: { app: 'checkout', level: 'warn' }, values: [[ns(3), 'retrying payment']] },
    ];
    // Loki-like: streams matching `{label=~".+"}` from `start`, oldest first, at most `limit` lines in all.
    const logs = (a: Record<string, unknown>) => {
      const label = /^\{(\w+)=~/.exec(String(a.query))?.[1] ?? '';
      const fromNs = BigInt(Date.parse(String(a.start))) * 1_000_000n;
      const lines = streams
        .filter((s) => label in s.stream)
        .flatMap((s) => s.values.filter(([t]) => BigInt(t!) >= fromNs).map((v) => ({ stream: s.stream, v })))
        .sort((x, y) => (BigInt(x.v[0]!) < BigInt(y.v[0]!) ? -1 : 1));
      const page = lines.slice(0, Number(a.limit) > 3 ? 3 : Number(a.limit));
      const result = streams.map((s) => ({ stream: s.stream, values: page.filter((l) => l.stream === s.stream).map((l) => l.v) })).filter((s) => s.values.length);
      return { resultType: 'streams', result, truncated: lines.length > page.length };
    };
    const { tools, calls } = bundleContractDouble(DEMO, { logs_query_range: logs });
    const bundle = await collectIncidentBundle(tools, { ...RANGE });
    expect(bundle.logs.map((l) => `${l.service} ${l.line}`)).toEqual([
      'payments stripe 401 #0', 'payments stripe 401 #1', 'payments stripe 401 #2',
      'payments stripe 401 #3', 'checkout retrying payment', 'payments stripe 401 #4', 'payments stripe 401 #5', 'payments stripe 401 #6',
    ]);
    const serviceCalls = calls.filter((c) => c.name === 'logs_query_range' && c.args.query === '{service=~".+"}');
    expect(serviceCalls.map((c) => c.args.start)).toEqual(['2026-03-04T10:30:00.000Z', '2026-03-04T15:00:02.000Z', '2026-03-04T15:00:04.000Z']);
    expect(serviceCalls[0]?.args).toMatchObject({ direction: 'forward' });
  });

  it('queries metric by metric when one query would return more series than the cap', async () => {
    const disk = await readBundle(DEMO);
    const { tools: all } = bundleContractDouble(DEMO);
    const everything = ((await all.callTool('metrics_query_range', { limit: 1000 })).structuredContent as { result: Array<{ metric: Record<string, string> }> }).result;
    const CAP = 20; // stands in for the 500-series cap: every single metric fits, all of them do not
    const { tools, calls } = bundleContractDouble(DEMO, {
      metrics_query_range: (a) => {
        const name = /^\{__name__="(.+)"\}$/.exec(String(a.query))?.[1];
        const matching = everything.filter((s) => name === undefined || s.metric.__name__ === name);
        return { resultType: 'matrix', result: matching.slice(0, CAP), stepSeconds: 60, downsampled: false, truncated: matching.length > CAP };
      },
      metrics_list_series: () => ({ series: everything.map((s) => s.metric), truncated: false }),
    });
    const bundle = await collectIncidentBundle(tools, { ...RANGE });
    const key = (s: { name: string; labels: Readonly<Record<string, string>> }) => `${s.name} ${JSON.stringify(s.labels)}`;
    expect(bundle.metrics.map(key).sort()).toEqual(disk.metrics.map(key).sort());
    expect(calls.filter((c) => c.name === 'metrics_query_range').length).toBe(1 + new Set(everything.map((s) => s.metric.__name__)).size);
    expect(bundle.problems.filter((p) => p.file.startsWith('mcp:metrics'))).toEqual([]);
  });

  it('reads no chat without a channel and says so', async () => {
    const { tools, calls } = bundleContractDouble(DEMO);
    const bundle = await collectIncidentBundle(tools, RANGE);
    expect(bundle.missingSources).toContain('slack');
    expect(bundle.problems).toContainEqual(expect.objectContaining({ field: 'channel', message: expect.stringContaining('--channel') }));
    expect(calls.some((c) => c.name.startsWith('slack_'))).toBe(false);
    expect(bundle.incident.id).toBe('LIVE-all-2026-03-04T10:30:00Z');
  });
});
