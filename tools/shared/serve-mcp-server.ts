import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { readRequestBody } from './read-request-body.ts';

/**
 * Handles an HTTP request that is not for `/mcp` (a webhook receiver, a health check).
 * Resolves `true` when it answered the request, `false` to let the server reply 404.
 */
export type HttpFallbackHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Where to serve: stdio (default) or Streamable HTTP on `http.port` (0 → any free port). */
export interface ServeMcpServerOptions {
  http?: {
    port: number;
    /** Interface to bind; 127.0.0.1 unless you mean to expose the server. */
    host?: string;
    /** Routes served beside `/mcp` on the same port. */
    fallback?: HttpFallbackHandler;
  };
}

/** A running MCP server; `url` is the Streamable HTTP endpoint (`http://host:port/mcp`) in HTTP mode. */
export interface ServedMcpServer {
  close(): Promise<void>;
  url?: string;
}

const MAX_MCP_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Connects MCP servers made by `createServer` to a transport. Stdio serves exactly one server on this
 * process's stdin/stdout (write logs to stderr only). HTTP serves `POST/GET/DELETE /mcp` with one server
 * instance per session, sessions keyed by the `mcp-session-id` header.
 */
export async function serveMcpServer(
  createServer: () => McpServer,
  options: ServeMcpServerOptions = {},
): Promise<ServedMcpServer> {
  if (!options.http) {
    const server = createServer();
    await server.connect(new StdioServerTransport());
    return { close: () => server.close() };
  }
  return serveOverHttp(createServer, options.http);
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
}

async function serveOverHttp(
  createServer: () => McpServer,
  http: NonNullable<ServeMcpServerOptions['http']>,
): Promise<ServedMcpServer> {
  const sessions = new Map<string, Session>();

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = headerValue(req, 'mcp-session-id');
    const existing = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (req.method === 'POST') {
      const body = await readRequestBody(req, MAX_MCP_BODY_BYTES);
      if (!body.ok) return sendJsonRpcError(res, body.status, body.message);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return sendJsonRpcError(res, 400, 'Parse error: the request body is not valid JSON');
      }
      if (existing) return existing.transport.handleRequest(req, res, parsed);
      if (sessionId !== undefined) return sendJsonRpcError(res, 404, `Session not found: ${sessionId}. Initialize a new session.`);
      if (!isInitializeRequest(parsed)) {
        return sendJsonRpcError(res, 400, 'Bad Request: no mcp-session-id header; the first request must be initialize');
      }
      const session = await openSession();
      return session.transport.handleRequest(req, res, parsed);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!existing) return sendJsonRpcError(res, sessionId === undefined ? 400 : 404, 'Missing or unknown mcp-session-id header');
      return existing.transport.handleRequest(req, res);
    }
    res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
  }

  async function openSession(): Promise<Session> {
    const server = createServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return { transport, server };
  }

  const httpServer = createHttpServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      process.stderr.write(`mcp http: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) sendJsonRpcError(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/mcp') return handleMcp(req, res);
    if (http.fallback && (await http.fallback(req, res))) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path}. The MCP endpoint is /mcp.\n`);
  }

  const host = http.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(http.port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/mcp`,
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map(async ({ transport, server }) => {
        await transport.close();
        await server.close();
      }));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJsonRpcError(res: ServerResponse, status: number, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: status === 500 ? -32603 : -32000, message }, id: null }));
}
