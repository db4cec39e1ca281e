import { z } from 'zod';
import { ToolArgumentError } from './tool-argument-error.ts';

/**
 * Encodes paging state as an opaque cursor string (base64url JSON) for a tool's `nextCursor`.
 * Callers must pass it back unchanged; the format is ours to change.
 */
export function encodeCursor(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` and checks it against `schema`. Throws ToolArgumentError on
 * `cursor` when the text is not one of our cursors (edited, truncated, or from another tool).
 */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ToolArgumentError('cursor', 'the nextCursor value of a previous call to this tool, unchanged', cursor);
  return parsed.data;
}
