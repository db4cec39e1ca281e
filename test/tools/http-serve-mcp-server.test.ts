import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSlackBackend } from '../../tools/slack/index.ts';
import { createSlackServer } from '../../tools/slack/server.ts';
import { serveMcpServer, type ServedMcpServer } from '../../tools/shared/serve-mcp-server.ts';

const initialize = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('serveMcpServer over Streamable HTTP', () => {
  let served: ServedMcpServer;
  let created = 0;
  beforeAll(async () => {
    const backend = await openSlackBackend({ bundleDir: 'examples/demo-incident', env: {} });
    served = await serveMcpServer(() => {
      created++;
      return createSlackServer(backend);
    }, { http: { port: 0, fallback: async (req, res) => (req.url === '/healthz' ? (res.end('ok'), true) : false) } });
  });
  afterAll(() => served.close());

  it('binds 127.0.0.1 on a free port and reports the /mcp url', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('serves two SDK clients in separate sessions, each with its own server instance', async () => {
    const before = created;
    const clients = await Promise.all([0, 1].map(async () => {
      const client = new Client({ name: 'http-test', version: '0' });
      const transport = new StreamableHTTPClientTransport(new URL(served.url as string));
      await client.connect(transport);
      return { client, transport };
    }));
    expect(created - before).toBe(2);
    expect(clients[0]?.transport.sessionId).not.toBe(clients[1]?.transport.sessionId);
    for (const { client } of clients) {
      const result = await client.callTool({ name: 'slack_get_user', arguments: { userId: 'U0WAG1PEEK' } });
      expect(result.structuredContent).toMatchObject({ user: { name: 'deepak' } });
    }
    for (const { client, transport } of clients) {
      await transport.terminateSession();
      await client.close();
    }
  });

  it('rejects requests without a session, unknown sessions and bad JSON', async () => {
    const url = served.url as string;
    const noSession = await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(noSession.status).toBe(400);
    expect(await noSession.text()).toMatch(/first request must be initialize/);
    expect((await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'nope' })).status).toBe(404);
    expect((await post(url, '{broken')).status).toBe(400);
    expect((await fetch(url)).status).toBe(400);
    expect((await fetch(url, { method: 'PUT' })).status).toBe(405);
  });

  it('answers initialize with a session id, and DELETE ends the session', async () => {
    const url = served.url as string;
    const response = await post(url, initialize);
    expect(response.status).toBe(200);
    const sessionId = response.headers.get('mcp-session-id');
    expect(sessionId).toBeTruthy();
    await response.body?.cancel();
    const deleted = await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId as string } });
    expect(deleted.status).toBe(200);
    expect((await post(url, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'mcp-session-id': sessionId as string })).status).toBe(404);
  });

  it('routes other paths to the fallback, then 404', async () => {
    const base = (served.url as string).replace(/\/mcp$/, '');
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/The MCP endpoint is \/mcp/);
  });
});
