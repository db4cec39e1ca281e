import { z } from 'zod';
import type { LogEntry } from '../../domain/index.ts';
import { parseLokiStreams } from '../../ingest/index.ts';
import { callStructuredTool, type CallSettings } from './call-structured-tool.ts';

const StreamsSchema = z.looseObject({
  resultType: z.literal('streams'),
  result: z.array(z.looseObject({ stream: z.record(z.string(), z.string()), values: z.array(z.tuple([z.string(), z.string()])) })),
  truncated: z.boolean().optional(),
});

const PAGE_LINES = 5_000;
const MAX_PAGES = 20;
const ALL_STREAMS = '{service=~".+"}';

/**
 * Reads the log lines of [start, end] through `logs_query_range`, oldest first, in pages of 5,000 lines:
 * each next page starts at the last line's time (Loki has no cursor) and lines already seen are dropped.
 * Rebuilt as Loki `query_range` JSON and validated by the bundle parser. Undefined when unreadable.
 */
export async function collectLogs(settings: CallSettings, start: string, endIso: string): Promise<LogEntry[] | undefined> {
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]>; seen: Set<string> }>();
  let from = start;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await callStructuredTool(settings, 'logs_query_range', { query: ALL_STREAMS, start: from, end: endIso, limit: PAGE_LINES, direction: 'forward' }, StreamsSchema);
    if (!out) return page === 0 ? undefined : toEntries(streams, settings);
    let added = 0;
    let lastNs = 0n;
    for (const s of out.result) {
      const key = JSON.stringify(Object.entries(s.stream).sort());
      const into = streams.get(key) ?? { stream: s.stream, values: [], seen: new Set<string>() };
      streams.set(key, into);
      for (const [ns, line] of s.values) {
        const id = `${ns}\u0000${line}`;
        if (/^\d+$/.test(ns) && BigInt(ns) > lastNs) lastNs = BigInt(ns);
        if (into.seen.has(id)) continue;
        into.seen.add(id);
        into.values.push([ns, line]);
        added++;
      }
    }
    if (!out.truncated || added === 0) return toEntries(streams, settings);
    // Whole milliseconds: the servers parse RFC 3339 to ms; the repeated lines of that ms are dropped above.
    from = new Date(Number(lastNs / 1_000_000n)).toISOString();
    if (page === MAX_PAGES - 1) settings.problems.push({ file: 'mcp:logs_query_range', field: 'truncated', message: `stopped after ${MAX_PAGES * PAGE_LINES} lines; later lines were not read` });
  }
  return toEntries(streams, settings);
}

function toEntries(streams: Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>, settings: CallSettings): LogEntry[] {
  const result = [...streams.values()].map(({ stream, values }) => ({ stream, values }));
  const parsed = parseLokiStreams(JSON.stringify({ status: 'success', data: { resultType: 'streams', result } }), 'mcp:logs_query_range');
  for (const p of parsed.problems) settings.problems.push(p);
  return parsed.logs;
}
