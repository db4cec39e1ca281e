import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';

describe('opsight tool slack over real stdio', () => {
  it('spawns the binary, lists the tools and answers a call', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['bin/opsight.js', 'tool', 'slack', '--bundle', 'examples/demo-incident'],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'stdio-test', version: '0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('slack_get_channel_history');
      const result = await client.callTool({ name: 'slack_get_user', arguments: { userId: 'U0WAG1PEEK' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ user: { id: 'U0WAG1PEEK', real_name: 'Deepak Nguyen' } });
      const bad = await client.callTool({ name: 'slack_get_channel_history', arguments: { channel: 'inc-20260304-payment', limit: 1000 } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
    // Anything but protocol on stdout would have broken the client; the banner went to stderr.
    expect(stderr).toMatch(/opsight tool slack: serving bundle examples\/demo-incident on stdio/);
  });
});
