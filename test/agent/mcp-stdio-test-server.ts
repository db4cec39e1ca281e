// A stdio MCP server child for the client manager tests: `node --import tsx test/agent/mcp-stdio-test-server.ts`.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createTestServer } from './mcp-test-servers.ts';

process.stderr.write('test server starting\n');
await createTestServer('stdio-test').connect(new StdioServerTransport());
