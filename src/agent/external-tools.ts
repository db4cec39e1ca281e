import type { AgentTool } from './agent-tool.ts';

/** A tool an MCP server offers (the MCP client manager lists them). */
export interface ExternalToolInfo {
  server: string;
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  inputSchema: object;
}

/** The outcome of one external tool call; `isError` results go back to the model as errors. */
export interface ExternalToolResult {
  ok: boolean;
  isError: boolean;
  text: string;
  structuredContent?: unknown;
}

/** External (MCP) tools as the agent needs them; `McpClientManager` satisfies this structurally. */
export interface ExternalTools {
  listTools(): Promise<ExternalToolInfo[]>;
  callTool(name: string, args: Record<string, unknown>, options: { timeoutMs: number }): Promise<ExternalToolResult>;
}

const OPENAI_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The external tools as agent tools. Names the analysis tools already use, or that chat-completions
 * APIs reject, are left out and listed in `skipped`.
 */
export async function externalAgentTools(tools: ExternalTools, reserved: ReadonlySet<string>, timeoutMs: number): Promise<{ tools: AgentTool[]; skipped: string[] }> {
  const listed = await tools.listTools();
  const result: AgentTool[] = [];
  const skipped: string[] = [];
  const taken = new Set(reserved);
  for (const info of listed) {
    if (!OPENAI_TOOL_NAME.test(info.name) || taken.has(info.name)) { skipped.push(info.name); continue; }
    taken.add(info.name);
    result.push({
      definition: { name: info.name, description: `${info.description ?? info.name} (from the ${info.server} MCP server)`, parameters: info.inputSchema as Record<string, unknown> },
      async run(args) {
        const out = await tools.callTool(info.name, args, { timeoutMs });
        if (!out.ok || out.isError) throw new ExternalToolFailure(info.name, out.text);
        return out.text || JSON.stringify(out.structuredContent ?? null);
      },
    });
  }
  return { tools: result, skipped };
}

/** An external tool reported an error; its text goes back to the model. */
export class ExternalToolFailure extends Error {
  constructor(readonly tool: string, readonly text: string) {
    super(`${tool} failed: ${text}`);
  }
}
