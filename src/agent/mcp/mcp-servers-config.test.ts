import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMcpServersConfig } from './mcp-servers-config.ts';

function write(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'opsight-mcp-config-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loadMcpServersConfig', () => {
  it('reads a Claude-Desktop-style --mcp-config JSON file with stdio and HTTP servers', async () => {
    const file = write('mcp.json', JSON.stringify({
      mcpServers: {
        slack: { command: 'node', args: ['bin/opsight.js', 'tool', 'slack'], env: { SLACK_BOT_TOKEN: 'xoxb-1' } },
        metrics: { url: 'http://127.0.0.1:7070/mcp', headers: { authorization: 'Bearer t' } },
      },
    }));
    expect(await loadMcpServersConfig({ mcpConfigFile: file })).toEqual({
      slack: { command: 'node', args: ['bin/opsight.js', 'tool', 'slack'], env: { SLACK_BOT_TOKEN: 'xoxb-1' } },
      metrics: { url: 'http://127.0.0.1:7070/mcp', headers: { authorization: 'Bearer t' } },
    });
  });

  it('reads the mcpServers section of the OPSIGHT_CONFIG settings file (YAML)', async () => {
    const file = write('opsight.yaml', 'mcpServers:\n  changes:\n    command: node\n    args: [bin/opsight.js, tool, changes]\n    cwd: /srv/opsight\n');
    expect(await loadMcpServersConfig({ settingsFile: file })).toEqual({
      changes: { command: 'node', args: ['bin/opsight.js', 'tool', 'changes'], env: {}, cwd: '/srv/opsight' },
    });
  });

  it.each([
    [{ slack: { args: ['x'] } }, 'mcpServers.slack.command: must be the program to start'],
    [{ slack: { command: 'node', args: 'tool slack' } }, 'mcpServers.slack.args:'],
    [{ slack: { command: 'node', env: { TOKEN: 1 } } }, 'mcpServers.slack.env.TOKEN:'],
    [{ metrics: { url: 'ftp://127.0.0.1/mcp' } }, 'mcpServers.metrics.url: must be an http(s) URL'],
    [{ metrics: { url: 'http://127.0.0.1/mcp', command: 'node' } }, 'mcpServers.metrics: Unrecognized key: "command"'],
    [{ metrics: 'node tool' }, 'mcpServers.metrics: must be { command, args?, env?, cwd? } (stdio) or { url, headers? }'],
  ])('names the server and field of a bad entry: %j', async (servers, message) => {
    const file = write('mcp.json', JSON.stringify({ mcpServers: servers }));
    await expect(loadMcpServersConfig({ mcpConfigFile: file })).rejects.toThrow(message);
  });

  it('says how to configure servers when there are none, and names an unreadable or malformed file', async () => {
    await expect(loadMcpServersConfig({})).rejects.toThrow(/no MCP servers configured: pass --mcp-config FILE/);
    await expect(loadMcpServersConfig({ mcpConfigFile: '/nonexistent/mcp.json' })).rejects.toThrow('/nonexistent/mcp.json: cannot read the MCP config file (ENOENT)');
    await expect(loadMcpServersConfig({ mcpConfigFile: write('mcp.json', '{"servers": {}}') })).rejects.toThrow('must be a JSON object with an "mcpServers" mapping');
    await expect(loadMcpServersConfig({ mcpConfigFile: write('mcp.json', '{mcpServers') })).rejects.toThrow('not valid JSON');
  });
});
