import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A successful tool call: the structured output (validated by the tool's outputSchema) plus a short
 * text summary for clients that only show text. The JSON follows the summary so text-only clients
 * still get the data.
 */
export function toolResult(structured: object, summary: string): CallToolResult {
  return {
    structuredContent: structured as Record<string, unknown>,
    content: [{ type: 'text', text: `${summary}\n${JSON.stringify(structured)}` }],
  };
}
