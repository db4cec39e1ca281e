import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import type { Report } from '../../src/domain/index.ts';

const DEMO = resolve('examples/demo-incident');
const OPSIGHT = resolve('bin/opsight.js');
const CHANNEL = 'inc-20260304-payment';
// The demo's data spans 10:30–16:38; the range a responder would pick for this incident.
const RANGE = ['--start', '2026-03-04T10:30:00Z', '--end', '2026-03-04T16:38:00Z'];
const SOURCES = ['slack', 'alerts', 'changes', 'metrics'] as const;
// No MCP source serves a service graph; the bundle's own is passed the way a user would pass theirs.
const TOPOLOGY = ['--topology', join(DEMO, 'topology.json')];

/** `opsight tool <source> --bundle <dir>` on stdio, as an mcpServers entry. */
function bundleTool(source: string, env: Record<string, string> = {}) {
  return { command: process.execPath, args: [OPSIGHT, 'tool', source, '--bundle', DEMO], env };
}

function writeMcpConfig(servers: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'opsight-live-')), 'mcp.json');
  writeFileSync(path, JSON.stringify({ mcpServers: servers }));
  return path;
}

async function analyze(args: string[]): Promise<{ report: Report; stderr: string; code: number }> {
  const cap = captureIo();
  const code = await runCli([...args, '--format', 'json'], cap.io, {});
  return { report: (cap.out() ? JSON.parse(cap.out()) : undefined) as Report, stderr: cap.err(), code };
}

const topCause = (report: Report) => ({ service: report.rootCauses[0]?.service, kind: report.rootCauses[0]?.kind });

describe('opsight analyze --live through the tools/ servers on stdio', () => {
  let fromBundle: Report;
  beforeAll(async () => {
    fromBundle = (await analyze(['analyze', DEMO])).report;
  });

  it('finds the same root cause as opsight analyze on the bundle', { timeout: 120_000 }, async () => {
    const config = writeMcpConfig(Object.fromEntries(SOURCES.map((s) => [s, bundleTool(s)])));
    const live = await analyze(['analyze', '--live', '--channel', CHANNEL, ...RANGE, ...TOPOLOGY, '--mcp-config', config]);
    expect(live.stderr).toBe('');
    expect(live.code, live.stderr).toBe(0);
    expect(topCause(live.report)).toEqual(topCause(fromBundle));
    expect(topCause(live.report)).toEqual({ service: 'payments', kind: 'credential' });
    expect(live.report.missingSources).toEqual([]);
    expect(live.report.incidentId).toBe(`LIVE-${CHANNEL}-2026-03-04T10:30:00Z`);
  });

  it('still analyzes, and says what is missing, when a server fails to start', { timeout: 120_000 }, async () => {
    const config = writeMcpConfig({
      ...Object.fromEntries(SOURCES.map((s) => [s, bundleTool(s)])),
      changes: { command: process.execPath, args: [OPSIGHT, 'tool', 'changes', '--bundle', '/nonexistent/bundle'] },
    });
    const live = await analyze(['analyze', '--live', '--channel', CHANNEL, ...RANGE, '--mcp-config', config]);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stderr).toContain('opsight: MCP server "changes": failed to start');
    expect(live.stderr).toContain('mcp:changes_list_changes');
    expect(live.report.missingSources).toEqual(['changes', 'topology']);
  });
});

// With a real Prometheus holding the demo's metrics (the metrics server's live backend). CI sets
// OPSIGHT_REQUIRE_PROMETHEUS=1, where a missing Prometheus is a failure rather than a skip.
const prometheusSupport = resolve('test/support/prometheus-server.ts');
const requirePrometheus = process.env.OPSIGHT_REQUIRE_PROMETHEUS === '1';

describe.runIf(existsSync(prometheusSupport) || requirePrometheus)('opsight analyze --live with a real Prometheus', () => {
  let prometheus: { url: string; stop(): Promise<void> | void } | undefined;
  let unavailable = '';
  beforeAll(async () => {
    try {
      const { startPrometheusWithBundle } = (await import(prometheusSupport)) as {
        startPrometheusWithBundle(dir: string): Promise<{ url: string; stop(): Promise<void> | void }>;
      };
      prometheus = await startPrometheusWithBundle(DEMO);
    } catch (error) {
      unavailable = error instanceof Error ? error.message : String(error);
    }
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('finds the same root cause with metrics read from Prometheus', { timeout: 120_000 }, async (ctx) => {
    if (!prometheus) {
      if (requirePrometheus) throw new Error(`OPSIGHT_REQUIRE_PROMETHEUS=1 but Prometheus could not start: ${unavailable}`);
      ctx.skip();
      return;
    }
    const fromBundle = (await analyze(['analyze', DEMO])).report;
    const config = writeMcpConfig({
      slack: bundleTool('slack'),
      alerts: bundleTool('alerts'),
      changes: bundleTool('changes'),
      metrics: { command: process.execPath, args: [OPSIGHT, 'tool', 'metrics'], env: { PROMETHEUS_URL: prometheus.url } },
    });
    const live = await analyze(['analyze', '--live', '--channel', CHANNEL, ...RANGE, ...TOPOLOGY, '--mcp-config', config]);
    expect(live.code, live.stderr).toBe(0);
    expect(topCause(live.report)).toEqual(topCause(fromBundle));
    // Logs come from Loki, which is not part of this setup.
    expect(live.report.missingSources).toEqual(['logs']);
    expect(live.stderr).toContain('Loki is not configured');
  });
});
