import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { captureIo } from './testing/capture-io.ts';
import { runToolCommand } from './run-tool-command.ts';

describe('opsight tool: usage errors', () => {
  it.each([
    [['tool'], /name a source: slack, alerts, changes, metrics/],
    [['tool', 'jira'], /unknown source "jira"/],
    [['tool', 'slack', '--http', 'eighty'], /--http must be a port number/],
    [['tool', 'slack', '--host', '0.0.0.0'], /--host needs --http PORT/],
    [['tool', 'slack', 'extra'], /unexpected argument "extra"/],
  ])('%j exits 2: %s', async (argv, message) => {
    const cap = captureIo();
    expect(await runCli(argv, cap.io, {})).toBe(2);
    expect(cap.err()).toMatch(message);
    expect(cap.out()).toBe('');
  });

  it.each([
    [['tool', 'slack', '--bundle', 'no/such/dir'], /bundle directory not found: no\/such\/dir/],
    [['tool', 'slack'], /needs --bundle DIR, or SLACK_BOT_TOKEN/],
  ])('%j exits 2 with a message saying what to do', async (argv, message) => {
    const cap = captureIo();
    expect(await runCli(argv, cap.io, {})).toBe(2);
    expect(cap.err()).toMatch(message);
  });
});

describe('opsight tool over Streamable HTTP', () => {
  it('serves the changes tool from a bundle on a free port', async () => {
    const cap = captureIo();
    let names: string[] = [];
    let structured: unknown;
    const code = await runToolCommand(['changes', '--bundle', 'examples/demo-incident', '--http', '0'], cap.io, {}, async (mode, served) => {
      expect(mode).toBe('http');
      const client = new Client({ name: 'test', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(served.url as string)));
      names = (await client.listTools()).tools.map((t) => t.name);
      structured = (await client.callTool({ name: 'changes_list_changes', arguments: { type: 'deploy', limit: 1 } })).structuredContent;
      await client.close();
    });
    expect(code).toBe(0);
    expect(names).toEqual(['changes_list_changes']);
    expect(structured).toMatchObject({ events: [{ type: 'deploy' }], truncated: true });
    expect(cap.err()).toMatch(/serving bundle examples\/demo-incident over Streamable HTTP at http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(cap.out()).toBe('');
  });

  it('live alerts under --http also receive webhooks on the same port and serve them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsight-tool-'));
    const cap = captureIo();
    const env = { OPSIGHT_ALERTS_FILE: join(dir, 'alerts.jsonl') };
    let groups: unknown;
    const code = await runToolCommand(['alerts', '--http', '0'], cap.io, env, async (_mode, served) => {
      const base = (served.url as string).replace(/\/mcp$/, '');
      const payload = {
        version: '4', status: 'firing', receiver: 'r', alerts: [{ status: 'firing', labels: { alertname: 'Down', service: 'api' }, annotations: {}, startsAt: '2026-03-04T15:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'fp1' }],
      };
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${base}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        expect(response.status).toBe(200);
      }
      expect((await fetch(`${base}/other`)).status).toBe(404);
      const client = new Client({ name: 'test', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(served.url as string)));
      groups = (await client.callTool({ name: 'alerts_list_alerts', arguments: {} })).structuredContent;
      await client.close();
    });
    expect(code).toBe(0);
    expect(groups).toMatchObject({ groups: [{ fingerprint: 'fp1', state: 'firing', notifications: 2 }], truncated: false });
    expect(cap.err()).toMatch(/receiving POST \/webhooks\/alertmanager, POST \/webhooks\/pagerduty on the same port/);
    expect(cap.err()).toContain('warning: /webhooks/alertmanager and /webhooks/pagerduty accept unauthenticated POSTs');
    await rm(dir, { recursive: true, force: true });
  });
});
