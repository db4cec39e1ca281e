import { parseCloudEvents } from '../../src/ingest/index.ts';
import type { ChangeSnapshot, StoredChange } from './changes-backend.ts';

/**
 * Reads a `changes.jsonl` text (CloudEvents 1.0 JSON, one per line) through the `src/ingest` parser,
 * keeping each valid line's raw event. Redeliveries (same `source` and `id`) keep the first copy.
 * Sorted by time.
 */
export function readChangeLines(file: string, text: string): ChangeSnapshot {
  const parsed = parseCloudEvents(text, file);
  const lines = text.split('\n');
  const seen = new Set<string>();
  const changes: StoredChange[] = [];
  for (const change of parsed.changes) {
    const key = `${change.source}\u0000${change.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = Number(change.ref.slice(change.ref.lastIndexOf(':') + 1));
    const event = JSON.parse(lines[line - 1] ?? 'null') as Record<string, unknown>;
    changes.push({ timeMs: change.timeMs, service: change.service, type: change.type, event });
  }
  return { changes, problems: parsed.problems.map((p) => `${p.file} ${p.field}: ${p.message}`) };
}
