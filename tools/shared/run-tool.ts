import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OpsightError } from '../../src/domain/index.ts';
import { toolError } from './tool-error.ts';

/**
 * Runs a tool handler and turns a thrown error into an `isError` result, so one bad call never takes
 * the server down. Our own errors keep their message; anything else is reported as unexpected and
 * written to stderr (stdout belongs to the stdio protocol).
 */
export async function runTool(tool: string, handler: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof OpsightError) return toolError(error.message);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${tool}: unexpected error: ${error instanceof Error ? error.stack : message}\n`);
    return toolError(`${tool} failed unexpectedly: ${message}`);
  }
}
