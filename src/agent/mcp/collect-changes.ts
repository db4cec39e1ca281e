import { z } from 'zod';
import type { ChangeEvent } from '../../domain/index.ts';
import { parseCloudEvents } from '../../ingest/index.ts';
import type { CallSettings } from './call-structured-tool.ts';
import { collectPages, PageSchema } from './collect-pages.ts';

const ChangesPageSchema = PageSchema.extend({ events: z.array(z.unknown()) });

/**
 * Reads the CloudEvents of [start, end] (every service and type) through `changes_list_changes` and
 * validates them with the `changes.jsonl` parser. Undefined when the tool could not be read.
 */
export async function collectChanges(settings: CallSettings, start: string, end: string): Promise<ChangeEvent[] | undefined> {
  const pages = await collectPages(settings, 'changes_list_changes', { start, end, limit: 500 }, ChangesPageSchema);
  if (!pages) return undefined;
  const jsonl = pages.flatMap((p) => p.events).map((e) => JSON.stringify(e)).join('\n');
  const parsed = parseCloudEvents(jsonl, 'mcp:changes_list_changes');
  for (const p of parsed.problems) settings.problems.push(p);
  return parsed.changes;
}
