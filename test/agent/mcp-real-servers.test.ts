import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectIncidentBundle } from '../../src/agent/mcp/collect-incident-bundle.ts';
import { McpClientManager } from '../../src/agent/mcp/mcp-client-manager.ts';
import { readBundle } from '../../src/ingest/index.ts';
import type { IncidentBundle } from '../../src/domain/index.ts';
import { createAlertsServer, openAlertsBackend } from '../../tools/alerts/index.ts';
import { createChangesServer, openChangesBackend } from '../../tools/changes/index.ts';
import { createMetricsServer, openMetricsBackend } from '../../tools/metrics/index.ts';
import { createSlackServer, openSlackBackend } from '../../tools/slack/index.ts';

const DEMO = 'examples/demo-incident';
const CHANNEL = 'inc-20260304-payment';

// The collector against the real tools/ servers on their bundle backends, in process: the contract as built.
describe('collectIncidentBundle through the tools/ servers', () => {
  const manager = new McpClientManager();
  let disk: IncidentBundle;
  let live: IncidentBundle;

  beforeAll(async () => {
    const options = { bundleDir: DEMO, env: {} };
    await manager.connectInProcess('slack', createSlackServer(await openSlackBackend(options)));
    await manager.connectInProcess('alerts', createAlertsServer(await openAlertsBackend(options)));
    await manager.connectInProcess('metrics', createMetricsServer(await openMetricsBackend(options)));
    await manager.connectInProcess('changes', createChangesServer(await openChangesBackend(options)));
    disk = await readBundle(DEMO);
    live = await collectIncidentBundle(manager, { channel: CHANNEL, startMs: Date.parse('2026-03-04T10:30:00Z'), endMs: Date.parse('2026-03-04T16:38:00Z') });
  });
  afterAll(() => manager.close());

  it('connects every server without problems', () => {
    expect(manager.problems()).toEqual([]);
  });

  it('reads the incident channel with its threads and users', () => {
    const diskChat = disk.chat.filter((m) => m.channel === CHANNEL);
    expect(live.chat.map((m) => [m.id, m.userName, m.text])).toEqual(diskChat.map((m) => [m.id, m.userName, m.text]));
    expect(live.users).toEqual(disk.users);
  });

  it('reads every alert notification', () => {
    expect(live.alerts.map((a) => `${a.origin}:${a.fingerprint}:${a.status}`).sort()).toEqual(disk.alerts.map((a) => `${a.origin}:${a.fingerprint}:${a.status}`).sort());
  });

  it('reads every metric series at the bundle resolution, and every log line', () => {
    // The range is exactly the data's, so Prometheus' 5-minute lookback adds no points past the last sample.
    const shape = (b: IncidentBundle) => b.metrics.map((s) => `${s.name} ${JSON.stringify(s.labels)} ${s.timesMs.length} ${s.timesMs[0]} ${s.values.at(-1)}`).sort();
    expect(shape(live)).toEqual(shape(disk));
    expect(live.logs.map((l) => [l.timeMs, l.service, l.line])).toEqual(disk.logs.map((l) => [l.timeMs, l.service, l.line]));
  });

  it('reads every change event', () => {
    expect(live.changes.map((c) => [c.id, c.type, c.service, c.timeMs])).toEqual(disk.changes.map((c) => [c.id, c.type, c.service, c.timeMs]));
  });

  it('misses only the service graph, which no tool serves, with no problem from any tool', () => {
    expect(live.missingSources).toEqual(['topology']);
    expect(live.problems.filter((p) => p.file.startsWith('mcp:'))).toEqual([]);
  });
});
