import { z } from 'zod';
import { callStructuredTool, type CallSettings } from './call-structured-tool.ts';

/** Fields every paged tool output has (the contract's `nextCursor` + `truncated`). */
export const PageSchema = z.looseObject({ nextCursor: z.string().min(1).optional(), truncated: z.boolean().optional() });

/** Enough pages for a large incident while still bounding a server that always returns a cursor. */
export const MAX_PAGES = 50;

/**
 * Calls a paged tool until it stops returning `nextCursor` (at most `maxPages` calls). Returns the pages
 * received, or undefined when the first call failed (its problem is recorded); a later failure keeps the
 * pages so far and records a problem, as does hitting the page bound.
 */
export async function collectPages<S extends typeof PageSchema>(
  settings: CallSettings,
  tool: string,
  args: Record<string, unknown>,
  schema: S,
  maxPages = MAX_PAGES,
): Promise<Array<z.infer<S>> | undefined> {
  const pages: Array<z.infer<S>> = [];
  let cursor: string | undefined;
  do {
    const page = await callStructuredTool(settings, tool, cursor ? { ...args, cursor } : args, schema);
    if (page === undefined) return pages.length ? pages : undefined;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < maxPages);
  if (cursor) settings.problems.push({ file: `mcp:${tool}`, field: 'nextCursor', message: `stopped after ${maxPages} pages; later records were not read` });
  return pages;
}
