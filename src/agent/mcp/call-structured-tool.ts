import type { z } from 'zod';
import type { IngestProblem } from '../../domain/index.ts';
import type { McpClientManager } from './mcp-client-manager.ts';

/** What a collector needs from the MCP client manager (a test can pass a double with the same shape). */
export type ToolCaller = Pick<McpClientManager, 'callTool' | 'listTools'>;

/** Per-call settings of a collector. */
export interface CallSettings {
  tools: ToolCaller;
  /** Names of the tools the connected servers offer. */
  available: ReadonlySet<string>;
  problems: IngestProblem[];
  timeoutMs?: number;
}

/**
 * Calls `tool` and validates its `structuredContent` with `schema`. Any failure (tool not offered, error
 * result, timeout, output of the wrong shape) becomes a problem naming the tool and `undefined` is returned.
 */
export async function callStructuredTool<S extends z.ZodType>(
  settings: CallSettings,
  tool: string,
  args: Record<string, unknown>,
  schema: S,
): Promise<z.infer<S> | undefined> {
  const file = `mcp:${tool}`;
  if (!settings.available.has(tool)) {
    settings.problems.push({ file, field: '(tool)', message: 'no connected MCP server offers this tool; add its server to mcpServers' });
    return undefined;
  }
  const result = await settings.tools.callTool(tool, args, { timeoutMs: settings.timeoutMs });
  if (!result.ok) {
    settings.problems.push({ file, field: '(call)', message: result.text });
    return undefined;
  }
  const parsed = schema.safeParse(result.structuredContent);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    settings.problems.push({
      file,
      field: issue ? `structuredContent.${issue.path.join('.')}` : 'structuredContent',
      message: `does not match the tool contract: ${issue?.message ?? 'missing'}`,
    });
    return undefined;
  }
  return parsed.data;
}
