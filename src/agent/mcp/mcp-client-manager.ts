import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { isStdioServer, type McpServerConfig, type McpServers } from './mcp-servers-config.ts';

/** One tool offered by a connected server. */
export interface McpToolInfo {
  server: string;
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  inputSchema: object;
}

/**
 * The outcome of one tool call. `ok` is true only for a successful result. `isError` is true when the
 * server answered with an error result (bad argument, unreachable backend); a call that never got an
 * answer (unknown tool, dead server, timeout) has `ok: false, isError: false`. `text` always says what
 * happened, naming the server.
 */
export interface McpToolResult {
  ok: boolean;
  isError: boolean;
  text: string;
  structuredContent?: unknown;
}

/** A server that could not be used: missing, failed to start, died, or clashed with another. */
export interface McpServerProblem {
  server: string;
  message: string;
}

/** Options for a manager; times in milliseconds. */
export interface McpClientManagerOptions {
  /** Time for a server to start and answer `initialize` + `tools/list` (default 60 s: a cold `npx`/`tsx` start on a busy machine is slow). */
  connectTimeoutMs?: number;
  /** Default per-call timeout (default 30 s). */
  callTimeoutMs?: number;
}

type ServerState = 'starting' | 'connected' | 'failed' | 'closed';

interface ServerEntry {
  name: string;
  client: Client;
  state: ServerState;
  tools: McpToolInfo[];
  /** Why the server is not usable (when `state` is `failed`). */
  reason?: string;
  /** Last output of a child process on stderr, quoted when it dies. */
  stderrTail: string;
  /** Extra cleanup (the in-process server's own transport). */
  closeExtra?: () => Promise<void>;
}

const STDERR_TAIL_CHARS = 600;

/**
 * Connects the MCP servers of an `mcpServers` config (stdio children, Streamable HTTP endpoints, or
 * in-process `McpServer`s), lists their tools and calls them with timeouts. Every failure of a server is
 * a value: `problems()` lists it and a call to its tools returns `ok: false` naming it; nothing here
 * throws for a server's sake or leaves a rejection unhandled. `close()` ends every connection and child.
 */
export class McpClientManager {
  readonly #entries = new Map<string, ServerEntry>();
  readonly #problems: McpServerProblem[] = [];
  readonly #connectTimeoutMs: number;
  readonly #callTimeoutMs: number;

  constructor(options: McpClientManagerOptions = {}) {
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 60_000;
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
  }

  /** Connects every configured server in parallel; resolves when each is connected or has failed. */
  async connectAll(servers: McpServers): Promise<void> {
    await Promise.all(Object.entries(servers).map(([name, config]) => this.connect(name, config)));
  }

  /** Starts (stdio) or reaches (HTTP) one server; false when it could not be used (see `problems()`). */
  async connect(name: string, config: McpServerConfig): Promise<boolean> {
    if (isStdioServer(config)) {
      const transport = new StdioClientTransport({
        command: config.command,
        args: config.args,
        env: config.env,
        cwd: config.cwd,
        stderr: 'pipe',
      });
      return this.#connectTransport(name, transport, (entry) => {
        transport.stderr?.on('data', (chunk: Buffer) => {
          entry.stderrTail = (entry.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
        });
      });
    }
    const transport = new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
    return this.#connectTransport(name, transport);
  }

  /** Connects an `McpServer` of this process through a linked in-memory transport pair. */
  async connectInProcess(name: string, server: McpServer): Promise<boolean> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    try {
      await server.connect(serverSide);
    } catch (error) {
      this.#problems.push({ server: name, message: `could not start in process: ${messageOf(error)}` });
      return false;
    }
    const connected = await this.#connectTransport(name, clientSide, (entry) => {
      entry.closeExtra = () => server.close();
    });
    if (!connected) await server.close().catch(() => undefined);
    return connected;
  }

  /** Servers that are missing, failed to start, died, or clashed, in the order met. */
  problems(): McpServerProblem[] {
    return [...this.#problems];
  }

  /** Names of the servers connected right now. */
  connectedServers(): string[] {
    return [...this.#entries.values()].filter((e) => e.state === 'connected').map((e) => e.name);
  }

  /** Tools of the servers connected right now (a dead server's tools disappear). */
  async listTools(): Promise<McpToolInfo[]> {
    return [...this.#entries.values()].filter((e) => e.state === 'connected').flatMap((e) => e.tools);
  }

  /**
   * Calls the tool `name` on whichever connected server offers it (the first one configured, when two do).
   * Never throws: an unknown tool, a dead server, a timeout or a protocol error come back as `ok: false`.
   */
  async callTool(name: string, args: Record<string, unknown> = {}, options: { timeoutMs?: number } = {}): Promise<McpToolResult> {
    const entry = this.#serverOf(name);
    if (!entry) return failure(this.#unknownToolMessage(name));
    if (entry.state !== 'connected') return failure(`MCP server "${entry.name}" is not available: ${entry.reason ?? 'closed'}`);
    const timeoutMs = options.timeoutMs ?? this.#callTimeoutMs;
    try {
      const result = await entry.client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
      const text = textOf(result.content);
      const isError = result.isError === true;
      return {
        ok: !isError,
        isError,
        text: isError ? `MCP server "${entry.name}", tool ${name}: ${text || 'error result with no message'}` : text,
        structuredContent: result.structuredContent,
      };
    } catch (error) {
      if (entry.state !== 'connected') return failure(`MCP server "${entry.name}" is not available: ${entry.reason ?? 'closed'}`);
      return failure(
        isTimeout(error)
          ? `MCP server "${entry.name}", tool ${name}: no answer within ${timeoutMs} ms`
          : `MCP server "${entry.name}", tool ${name}: ${messageOf(error)}`,
      );
    }
  }

  /** Closes every connection and stops every child process (SIGTERM, then SIGKILL, as the SDK does). */
  async close(): Promise<void> {
    const entries = [...this.#entries.values()];
    for (const entry of entries) if (entry.state === 'connected' || entry.state === 'starting') entry.state = 'closed';
    await Promise.all(
      entries.map(async (entry) => {
        await entry.client.close().catch(() => undefined);
        await entry.closeExtra?.().catch(() => undefined);
      }),
    );
  }

  async #connectTransport(name: string, transport: Transport, prepare?: (entry: ServerEntry) => void): Promise<boolean> {
    if (this.#entries.has(name)) {
      this.#problems.push({ server: name, message: 'configured twice; the second one was ignored' });
      return false;
    }
    const client = new Client({ name: 'opsight', version: '1.0.0' });
    const entry: ServerEntry = { name, client, state: 'starting', tools: [], stderrTail: '' };
    this.#entries.set(name, entry);
    prepare?.(entry);
    // Errors and closes arrive as events; both only update the state (never throw from a callback).
    client.onerror = () => undefined;
    let exitedWhileStarting = false;
    client.onclose = () => {
      if (entry.state === 'starting') exitedWhileStarting = true;
      else this.#fail(entry, `the server stopped${this.#stderrNote(entry)}`);
    };
    try {
      await client.connect(transport, { timeout: this.#connectTimeoutMs });
      entry.tools = await this.#fetchTools(entry);
    } catch (error) {
      const cause = exitedWhileStarting
        ? 'it exited during the handshake'
        : isTimeout(error)
          ? `no answer to the MCP handshake within ${this.#connectTimeoutMs} ms; check that the command serves MCP on stdio (or the URL is an MCP endpoint)`
          : messageOf(error);
      this.#fail(entry, `failed to start: ${cause}${this.#stderrNote(entry)}`);
      await client.close().catch(() => undefined);
      return false;
    }
    if (exitedWhileStarting) {
      this.#fail(entry, `the server stopped right after starting${this.#stderrNote(entry)}`);
      return false;
    }
    entry.state = 'connected';
    this.#dropClashingTools(entry);
    return true;
  }

  async #fetchTools(entry: ServerEntry): Promise<McpToolInfo[]> {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await entry.client.listTools(cursor ? { cursor } : undefined, { timeout: this.#connectTimeoutMs });
      for (const t of page.tools) tools.push({ server: entry.name, name: t.name, description: t.description, inputSchema: t.inputSchema });
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /** A tool name offered by an earlier server stays with it; the later server's copy is reported. */
  #dropClashingTools(entry: ServerEntry): void {
    const taken = new Map<string, string>();
    for (const other of this.#entries.values()) {
      if (other === entry) break;
      for (const t of other.tools) taken.set(t.name, other.name);
    }
    entry.tools = entry.tools.filter((t) => {
      const owner = taken.get(t.name);
      if (owner) this.#problems.push({ server: entry.name, message: `tool ${t.name} is also offered by "${owner}"; "${owner}" answers it` });
      return !owner;
    });
  }

  #serverOf(tool: string): ServerEntry | undefined {
    // A dead server's tools still resolve to it, so the caller learns which server is down.
    return [...this.#entries.values()].find((e) => e.tools.some((t) => t.name === tool));
  }

  #unknownToolMessage(tool: string): string {
    const failed = [...this.#entries.values()].filter((e) => e.state === 'failed').map((e) => `"${e.name}"`);
    const connected = this.connectedServers().map((n) => `"${n}"`);
    return (
      `no connected MCP server offers tool ${tool}` +
      (connected.length ? ` (connected: ${connected.join(', ')})` : ' (no server is connected)') +
      (failed.length ? `; not available: ${failed.join(', ')}` : '')
    );
  }

  /** Marks a starting or connected server as failed, once, with the reason users will read. */
  #fail(entry: ServerEntry, reason: string): void {
    if (entry.state !== 'starting' && entry.state !== 'connected') return;
    entry.state = 'failed';
    entry.reason = reason;
    this.#problems.push({ server: entry.name, message: reason });
  }

  #stderrNote(entry: ServerEntry): string {
    const lines = entry.stderrTail.trim().split('\n').filter(Boolean);
    return lines.length ? ` (stderr: ${lines.slice(-3).join(' | ')})` : '';
  }
}

function failure(text: string): McpToolResult {
  return { ok: false, isError: false, text };
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .filter((c): c is { type: 'text'; text: string } => typeof c === 'object' && c !== null && c.type === 'text' && typeof c.text === 'string')
    .map((c) => c.text)
    .join('\n');
}

function isTimeout(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
