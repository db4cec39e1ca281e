import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * A tiny MCP server for client tests: `echo` (structured result), `fail` (error result), `hang` (never
 * answers), `exit` (ends the process: only for the stdio child) and `pid` (the serving process's id).
 */
export function createTestServer(name = 'test'): McpServer {
  const server = new McpServer({ name, version: '0.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes its text.', inputSchema: { text: z.string() }, outputSchema: { echoed: z.string() } },
    async ({ text }) => ({ structuredContent: { echoed: text }, content: [{ type: 'text', text: `echo: ${text}` }] }),
  );
  server.registerTool('fail', { description: 'Always fails.' }, async () => ({ isError: true, content: [{ type: 'text', text: 'backend unreachable at 127.0.0.1:1' }] }));
  server.registerTool('hang', { description: 'Never answers.' }, () => new Promise<never>(() => undefined));
  server.registerTool('pid', { description: 'The process id.' }, async () => ({ content: [{ type: 'text', text: String(process.pid) }] }));
  server.registerTool('exit', { description: 'Ends the server process.' }, async () => {
    setTimeout(() => process.exit(1), 10);
    return { content: [{ type: 'text', text: 'exiting' }] };
  });
  return server;
}
