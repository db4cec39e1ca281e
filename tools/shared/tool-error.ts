import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A failed tool call as the model should see it: `isError: true` and one text block that says what went
 * wrong and what to try. Use for failures the caller can act on (unreachable backend, unknown channel).
 */
export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
