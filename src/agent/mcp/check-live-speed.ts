// Measures a live analysis through stdio MCP servers serving a bundle:
//   npx tsx src/agent/mcp/check-live-speed.ts [bundle-dir] [runs]
// Prints, per run and as medians: time to start and connect the servers (`opsight tool <source> --bundle`),
// to collect the incident through the tool contract, and to analyze + build the report.
import { resolve } from 'node:path';
import { analyzeIncident } from '../../analysis/analyze-incident.ts';
import { readBundle } from '../../ingest/index.ts';
import { buildReport } from '../../report/build-report.ts';
import { collectIncidentBundle } from './collect-incident-bundle.ts';
import { McpClientManager } from './mcp-client-manager.ts';
import { repoPath } from '../../repo-root.ts';

const OPSIGHT = repoPath('bin', 'opsight.js');
const SOURCES = ['slack', 'alerts', 'changes', 'metrics'];

const bundleDir = resolve(process.argv[2] ?? 'examples/demo-incident');
const runs = Number(process.argv[3] ?? 3);
const disk = await readBundle(bundleDir);
const times = disk.metrics.flatMap((s) => [s.timesMs[0] ?? Infinity, s.timesMs.at(-1) ?? -Infinity]);
const startMs = Math.min(...times, Date.parse(disk.incident.openedAt));
const endMs = Math.max(...times, Date.parse(disk.incident.resolvedAt ?? disk.incident.openedAt));
const channel = disk.incident.channel;

const figures: Array<{ connectMs: number; collectMs: number; analyzeMs: number }> = [];
for (let run = 0; run < runs; run++) {
  const manager = new McpClientManager();
  try {
    const t0 = performance.now();
    await manager.connectAll(Object.fromEntries(SOURCES.map((s) => [s, { command: process.execPath, args: [OPSIGHT, 'tool', s, '--bundle', bundleDir], env: {} }])));
    const t1 = performance.now();
    const bundle = await collectIncidentBundle(manager, { channel, startMs, endMs });
    const t2 = performance.now();
    const report = buildReport(bundle, analyzeIncident(bundle));
    const t3 = performance.now();
    figures.push({ connectMs: t1 - t0, collectMs: t2 - t1, analyzeMs: t3 - t2 });
    const top = report.rootCauses[0];
    console.log(
      `run ${run + 1}: connect ${(t1 - t0).toFixed(0)} ms, collect ${(t2 - t1).toFixed(0)} ms (${bundle.chat.length} messages, ${bundle.alerts.length} alerts, ` +
        `${bundle.metrics.length} series, ${bundle.logs.length} log lines, ${bundle.changes.length} changes), analyze ${(t3 - t2).toFixed(0)} ms; ` +
        `top cause ${top?.service}/${top?.kind}; server problems: ${manager.problems().length}`,
    );
  } finally {
    await manager.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
console.log(
  `median of ${runs}: connect ${median(figures.map((f) => f.connectMs)).toFixed(0)} ms, collect ${median(figures.map((f) => f.collectMs)).toFixed(0)} ms, analyze ${median(figures.map((f) => f.analyzeMs)).toFixed(0)} ms`,
);
