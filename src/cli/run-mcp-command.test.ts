import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { runMcpCommand } from './run-mcp-command.ts';
import { captureIo } from './testing/capture-io.ts';

const ROOT = join(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'examples/demo-incident');

describe('opsight mcp', () => {
  let dataDir: string;
  beforeAll(async () => { dataDir = await mkdtemp(join(tmpdir(), 'opsight-mcp-cli-')); });
  afterAll(async () => { await rm(dataDir, { recursive: true, force: true }); });

  it('serves the opsight tools over real stdio to the SDK client', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'bin/opsight.js'), 'mcp'],
      env: { PATH: process.env.PATH ?? '', OPSIGHT_DATA_DIR: join(dataDir, 'store') },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const client = new Client({ name: 'test', version: '0' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('analyze_incident');
      const result = (await client.callTool({ name: 'analyze_incident', arguments: { bundleDir: DEMO } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { incidentId: string }).incidentId).toBe('INC-2041');
      const bad = (await client.callTool({ name: 'get_timeline', arguments: { bundleDir: DEMO, limit: 'ten' } })) as CallToolResult;
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toContain('limit');
    } finally {
      await client.close();
    }
    expect(stderr).toContain('opsight mcp: serving on stdio');
  }, 60_000);

  it('serves Streamable HTTP with --http and stops on shutdown', async () => {
    const cap = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => { stop = resolve; });
    const running = runMcpCommand(['--http', '0'], cap.io, { OPSIGHT_DATA_DIR: join(dataDir, 'store') }, () => stopped);
    let url: string | undefined;
    for (let i = 0; i < 100 && !url; i++) {
      url = /serving Streamable HTTP at (\S+)/.exec(cap.err())?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = new Client({ name: 'test', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url!)));
    const result = (await client.callTool({ name: 'rank_signals', arguments: { bundleDir: DEMO, limit: 2 } })) as CallToolResult;
    expect((result.structuredContent as { signals: unknown[] }).signals).toHaveLength(2);
    await client.close();
    stop();
    expect(await running).toBe(0);
    expect(cap.out()).toBe('');
  });

  it.each([
    [['--http', 'abc'], '--http must be a port number'],
    [['--http', '70000'], '--http must be a port number'],
    [['--host', '0.0.0.0'], '--host needs --http PORT'],
    [['--bundle', 'x'], "Unknown option '--bundle'"],
  ])('rejects %j with exit 2', async (args, message) => {
    const cap = captureIo();
    expect(await runCli(['mcp', ...args], cap.io, {})).toBe(2);
    expect(cap.err()).toContain(message);
    expect(cap.err()).toContain('Usage: opsight mcp');
  });

  it('rejects a bad store configuration at start', async () => {
    const cap = captureIo();
    expect(await runCli(['mcp'], cap.io, { DATABASE_URL: 'mysql://db' })).toBe(2);
    expect(cap.err()).toContain('DATABASE_URL');
  });
});
