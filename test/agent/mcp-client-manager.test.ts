import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McpClientManager } from '../../src/agent/mcp/mcp-client-manager.ts';
import { serveMcpServer } from '../../tools/shared/serve-mcp-server.ts';
import { createTestServer } from './mcp-test-servers.ts';

const STDIO_TEST_SERVER = { command: process.execPath, args: ['--import', 'tsx', 'test/agent/mcp-stdio-test-server.ts'] };

let manager: McpClientManager;
afterEach(async () => {
  await manager?.close();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('McpClientManager with in-process servers', () => {
  it('lists tools with their server and JSON schema, and calls them', async () => {
    manager = new McpClientManager();
    expect(await manager.connectInProcess('alpha', createTestServer())).toBe(true);
    const tools = await manager.listTools();
    expect(tools.map((t) => `${t.server}/${t.name}`)).toEqual(['alpha/echo', 'alpha/fail', 'alpha/hang', 'alpha/pid', 'alpha/exit']);
    expect(tools[0]?.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });

    expect(await manager.callTool('echo', { text: 'hi' })).toEqual({ ok: true, isError: false, text: 'echo: hi', structuredContent: { echoed: 'hi' } });
    expect(await manager.callTool('fail')).toEqual({ ok: false, isError: true, text: 'MCP server "alpha", tool fail: backend unreachable at 127.0.0.1:1', structuredContent: undefined });
  });

  it('answers an invalid argument with an error result naming the argument', async () => {
    manager = new McpClientManager();
    await manager.connectInProcess('alpha', createTestServer());
    const result = await manager.callTool('echo', { text: 42 });
    expect(result).toMatchObject({ ok: false, isError: true });
    expect(result.text).toContain('MCP server "alpha", tool echo');
    expect(result.text).toContain('text');
  });

  it('says which servers are connected when a tool is unknown', async () => {
    manager = new McpClientManager();
    await manager.connectInProcess('alpha', createTestServer());
    expect(await manager.callTool('metrics_query_range', {})).toEqual({
      ok: false,
      isError: false,
      text: 'no connected MCP server offers tool metrics_query_range (connected: "alpha")',
    });
  });

  it('times a call out with a message naming the server, tool and limit', async () => {
    manager = new McpClientManager();
    await manager.connectInProcess('alpha', createTestServer());
    const result = await manager.callTool('hang', {}, { timeoutMs: 150 });
    expect(result).toEqual({ ok: false, isError: false, text: 'MCP server "alpha", tool hang: no answer within 150 ms' });
    // The connection survives a timed-out call.
    expect((await manager.callTool('echo', { text: 'still here' })).ok).toBe(true);
  });

  it('keeps a tool with the first server that offers it and reports the clash', async () => {
    manager = new McpClientManager();
    await manager.connectInProcess('first', createTestServer());
    await manager.connectInProcess('second', createTestServer());
    expect((await manager.listTools()).filter((t) => t.name === 'echo').map((t) => t.server)).toEqual(['first']);
    expect(manager.problems()).toContainEqual({ server: 'second', message: 'tool echo is also offered by "first"; "first" answers it' });
  });
});

describe('McpClientManager with stdio and HTTP servers', () => {
  it('starts a stdio child, reports it when it dies mid-session, and fails its calls by name', async () => {
    manager = new McpClientManager();
    await manager.connectAll({ child: { ...STDIO_TEST_SERVER, env: {} } });
    expect(manager.connectedServers()).toEqual(['child']);
    expect(await manager.callTool('echo', { text: 'over stdio' })).toMatchObject({ ok: true, structuredContent: { echoed: 'over stdio' } });

    await manager.callTool('exit');
    await expect.poll(() => manager.problems(), { timeout: 5_000 }).toEqual([
      { server: 'child', message: 'the server stopped (stderr: test server starting)' },
    ]);
    expect(await manager.callTool('echo', { text: 'again' })).toEqual({
      ok: false,
      isError: false,
      text: 'MCP server "child" is not available: the server stopped (stderr: test server starting)',
    });
    expect(await manager.listTools()).toEqual([]);
  });

  it('ends a call in flight when its server is killed, naming the server', async () => {
    manager = new McpClientManager();
    await manager.connectAll({ child: { ...STDIO_TEST_SERVER, env: {} } });
    const pid = Number((await manager.callTool('pid')).text);
    const pending = manager.callTool('hang', {}, { timeoutMs: 30_000 });
    process.kill(pid, 'SIGKILL');
    const result = await pending;
    expect(result).toMatchObject({ ok: false, isError: false });
    expect(result.text).toMatch(/^MCP server "child" is not available: the server stopped/);
    expect(manager.problems().map((p) => p.server)).toEqual(['child']);
  });

  it('reports a command that exits at once with its stderr, and a missing command, without failing the others', async () => {
    manager = new McpClientManager();
    await manager.connectAll({
      broken: { command: process.execPath, args: ['-e', 'console.error("SLACK_BOT_TOKEN is not set"); process.exit(3)'], env: {} },
      missing: { command: '/nonexistent/opsight-mcp-server', args: [], env: {} },
      child: { ...STDIO_TEST_SERVER, env: {} },
    });
    expect(manager.connectedServers()).toEqual(['child']);
    const problems = new Map(manager.problems().map((p) => [p.server, p.message]));
    expect(problems.get('broken')).toMatch(/^failed to start: .*\(stderr: SLACK_BOT_TOKEN is not set\)$/);
    expect(problems.get('missing')).toMatch(/^failed to start: .*ENOENT/);
    expect((await manager.callTool('echo', { text: 'ok' })).ok).toBe(true);
  });

  it('gives up on a server that never answers the handshake and stops it', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'opsight-mcp-')), 'pid');
    manager = new McpClientManager({ connectTimeoutMs: 1_000 });
    await manager.connectAll({
      silent: { command: process.execPath, args: ['-e', 'require("fs").writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)', pidFile], env: {} },
    });
    expect(manager.problems()).toEqual([{ server: 'silent', message: expect.stringMatching(/^failed to start: no answer to the MCP handshake within 1000 ms/) }]);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => isAlive(pid), { timeout: 6_000 }).toBe(false);
  });

  it('close() stops every child', async () => {
    manager = new McpClientManager();
    await manager.connectAll({ child: { ...STDIO_TEST_SERVER, env: {} } });
    const pid = Number((await manager.callTool('pid')).text);
    expect(isAlive(pid)).toBe(true);
    await manager.close();
    await expect.poll(() => isAlive(pid), { timeout: 5_000 }).toBe(false);
    expect(await manager.callTool('echo', { text: 'closed' })).toMatchObject({ ok: false, text: 'MCP server "child" is not available: closed' });
  });

  it('drives the real Slack tool server over stdio (opsight tool slack --bundle)', { timeout: 90_000 }, async () => {
    manager = new McpClientManager();
    await manager.connectAll({ slack: { command: process.execPath, args: ['bin/opsight.js', 'tool', 'slack', '--bundle', 'examples/demo-incident'], env: {} } });
    expect(manager.problems()).toEqual([]);
    const names = (await manager.listTools()).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['slack_get_channel_history', 'slack_get_thread_replies', 'slack_get_user', 'slack_list_users', 'slack_search_channel']));
    const history = await manager.callTool('slack_get_channel_history', { channel: 'inc-20260304-payment', limit: 2 });
    expect(history).toMatchObject({ ok: true, structuredContent: { channel: { id: 'C07FYP5JX0', name: 'inc-20260304-payment' }, truncated: true } });
    expect((history.structuredContent as { messages: unknown[] }).messages).toHaveLength(2);
    const bad = await manager.callTool('slack_get_channel_history', { channel: 'inc-20260304-payment', limit: 5000 });
    expect(bad).toMatchObject({ ok: false, isError: true });
    expect(bad.text).toMatch(/^MCP server "slack", tool slack_get_channel_history: .*limit/);
  });

  it('connects a Streamable HTTP endpoint, sending the configured headers', async () => {
    const seen: string[] = [];
    const served = await serveMcpServer(() => createTestServer('http-test'), { http: { port: 0, host: '127.0.0.1' } });
    const url = new URL(served.url!);
    // A pass-through proxy that records the header, so the test sees what the client sent.
    const proxy = createServer(async (req, res) => {
      seen.push(String(req.headers['x-opsight-test']));
      const body = await new Promise<Buffer>((done) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(Buffer.concat(chunks)));
      });
      const upstream = await fetch(new URL(req.url ?? '/', url), { method: req.method, headers: req.headers as Record<string, string>, body: body.length ? body : undefined });
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      manager = new McpClientManager();
      const port = (proxy.address() as AddressInfo).port;
      await manager.connectAll({ remote: { url: `http://127.0.0.1:${port}/mcp`, headers: { 'x-opsight-test': 'yes' } } });
      expect(manager.problems()).toEqual([]);
      expect(await manager.callTool('echo', { text: 'over http' })).toMatchObject({ ok: true, structuredContent: { echoed: 'over http' } });
      expect(seen.length).toBeGreaterThan(1);
      expect(new Set(seen)).toEqual(new Set(['yes']));
    } finally {
      await manager.close();
      proxy.closeAllConnections();
      proxy.close();
      await served.close();
    }
  });

  it('reports an unreachable Streamable HTTP endpoint', async () => {
    manager = new McpClientManager({ connectTimeoutMs: 2_000 });
    await manager.connectAll({ remote: { url: 'http://127.0.0.1:9/mcp', headers: {} } });
    expect(manager.connectedServers()).toEqual([]);
    expect(manager.problems()).toEqual([{ server: 'remote', message: expect.stringMatching(/^failed to start: /) }]);
  });
});
