import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { buildLiveRequest, durationMs } from './run-live-analysis.ts';
import { captureIo } from './testing/capture-io.ts';

const NOW = Date.parse('2026-03-04T17:00:00Z');

function mcpConfig(servers: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'opsight-live-')), 'mcp.json');
  writeFileSync(path, JSON.stringify({ mcpServers: servers }));
  return path;
}

describe('buildLiveRequest', () => {
  it('takes --since back from now, or --start/--end, and splits --services', async () => {
    expect(await buildLiveRequest({ channel: '#inc-1', since: '90m', services: 'checkout, payments,' }, NOW)).toEqual({
      channel: 'inc-1',
      startMs: NOW - 90 * 60_000,
      endMs: NOW,
      services: ['checkout', 'payments'],
    });
    expect(await buildLiveRequest({}, NOW)).toEqual({ startMs: NOW - 2 * 3_600_000, endMs: NOW });
    expect(await buildLiveRequest({ channel: 'inc-1, #alerts-prod,deploys' }, NOW)).toMatchObject({ channel: 'inc-1', otherChannels: ['alerts-prod', 'deploys'] });
    expect(await buildLiveRequest({ start: '2026-03-04T10:30:00Z', end: '2026-03-04T16:40:00+00:00' }, NOW)).toEqual({
      startMs: Date.parse('2026-03-04T10:30:00Z'),
      endMs: Date.parse('2026-03-04T16:40:00Z'),
    });
  });

  it('reads --topology as a topology.json file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'opsight-live-')), 'topology.json');
    writeFileSync(path, JSON.stringify({ services: [{ name: 'checkout', dependsOn: ['payments'] }] }));
    const request = await buildLiveRequest({ topology: path }, NOW);
    expect(request.topology?.services[0]).toMatchObject({ name: 'checkout', dependsOn: ['payments'] });
  });

  it.each([
    [{ since: '2 hours' }, '--since must be a duration such as 30m, 2h or 1d, got "2 hours"'],
    [{ since: '0h' }, '--since must be a duration'],
    [{ since: '2h', start: '2026-03-04T10:30:00Z' }, 'give either --since or --start/--end, not both'],
    [{ start: '2026-03-04T10:30:00Z' }, '--start and --end go together'],
    [{ start: 'yesterday', end: '2026-03-04T10:30:00Z' }, '--start must be an RFC 3339 time such as 2026-03-04T15:00:00Z, got "yesterday"'],
    [{ start: '2026-03-04T10:30:00Z', end: '2026-03-04T10:00:00Z' }, '--end must be after --start'],
    [{ topology: '/nonexistent/topology.json' }, 'cannot read --topology /nonexistent/topology.json (ENOENT)'],
  ])('rejects %j', async (args, message) => {
    await expect(buildLiveRequest(args, NOW)).rejects.toThrow(message);
  });

  it('parses durations', () => {
    expect([durationMs('45s'), durationMs('30m'), durationMs('2h'), durationMs('1d')]).toEqual([45_000, 1_800_000, 7_200_000, 86_400_000]);
  });
});

describe('opsight analyze --live (usage and config errors)', () => {
  it('refuses bundle directories together with --live', async () => {
    const cap = captureIo();
    expect(await runCli(['analyze', '--live', 'examples/demo-incident'], cap.io, {})).toBe(2);
    expect(cap.err()).toContain('analyze --live reads live sources, not bundle directories');
  });

  it('says how to configure MCP servers when none are configured', async () => {
    const cap = captureIo();
    expect(await runCli(['analyze', '--live', '--since', '1h'], cap.io, {})).toBe(2);
    expect(cap.err()).toMatch(/^opsight: no MCP servers configured: pass --mcp-config FILE/);
  });

  it('names the server and field of a bad config entry', async () => {
    const cap = captureIo();
    expect(await runCli(['analyze', '--live', '--mcp-config', mcpConfig({ slack: { args: [] } })], cap.io, {})).toBe(2);
    expect(cap.err()).toContain('mcpServers.slack.command: must be the program to start');
  });

  it('reports every server that failed and exits 2 when none could start', async () => {
    const cap = captureIo();
    const config = mcpConfig({ slack: { command: '/nonexistent/slack-mcp' }, alerts: { command: process.execPath, args: ['-e', 'process.exit(1)'] } });
    expect(await runCli(['analyze', '--live', '--channel', 'C1', '--mcp-config', config], cap.io, {})).toBe(2);
    expect(cap.err()).toContain('opsight: MCP server "slack": failed to start');
    expect(cap.err()).toContain('opsight: MCP server "alerts": failed to start');
    expect(cap.err()).toContain('no MCP server could be started');
  });
});

describe('opsight analyze without --live', () => {
  it('rejects the live-only options', async () => {
    const cap = captureIo();
    expect(await runCli(['analyze', 'examples/demo-incident', '--channel', 'C1', '--since', '2h'], cap.io, {})).toBe(2);
    expect(cap.err()).toMatch(/^opsight: --channel, --since only apply to analyze --live/);
  });
});
