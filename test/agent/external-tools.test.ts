import { describe, expect, it } from 'vitest';
import type { McpClientManager } from '../../src/agent/mcp/mcp-client-manager.ts';
import { externalAgentTools, type ExternalTools } from '../../src/agent/external-tools.ts';

// The MCP client manager plugs in as is: this line fails to type-check if the two drift apart.
export const asExternalTools = (manager: McpClientManager): ExternalTools => manager;

describe('externalAgentTools', () => {
  it('offers valid, unreserved names once, and turns error results into failures for the model', async () => {
    const calls: Array<[string, Record<string, unknown>, number]> = [];
    const tools: ExternalTools = {
      listTools: async () => [
        { server: 'prom', name: 'metrics_query_range', description: 'PromQL', inputSchema: { type: 'object' } },
        { server: 'other', name: 'metrics_query_range', inputSchema: { type: 'object' } },
        { server: 'x', name: 'get_timeline', inputSchema: { type: 'object' } },
        { server: 'x', name: 'has spaces', inputSchema: { type: 'object' } },
        { server: 'alerts', name: 'alerts_list_firing', inputSchema: { type: 'object' } },
      ],
      callTool: async (name, args, { timeoutMs }) => {
        calls.push([name, args, timeoutMs]);
        return name === 'alerts_list_firing' ? { ok: false, isError: true, text: 'alertmanager unreachable' } : { ok: true, isError: false, text: '', structuredContent: { up: 1 } };
      },
    };
    const { tools: offered, skipped } = await externalAgentTools(tools, new Set(['get_timeline']), 2_000);
    expect(offered.map((t) => t.definition.name)).toEqual(['metrics_query_range', 'alerts_list_firing']);
    expect(offered[0]!.definition.description).toBe('PromQL (from the prom MCP server)');
    expect(skipped).toEqual(['metrics_query_range', 'get_timeline', 'has spaces']);
    expect(await offered[0]!.run({ query: 'up' })).toBe('{"up":1}');
    await expect(offered[1]!.run({})).rejects.toThrow('alerts_list_firing failed: alertmanager unreachable');
    expect(calls).toEqual([['metrics_query_range', { query: 'up' }, 2_000], ['alerts_list_firing', {}, 2_000]]);
  });
});
