import { z } from 'zod';
import type { LogEntry } from '../../domain/index.ts';
import { LOG_SERVICE_LABELS, parseLokiStreams } from '../../ingest/index.ts';
import { callStructuredTool, type CallSettings } from './call-structured-tool.ts';

const StreamsSchema = z.looseObject({
  resultType: z.literal('streams'),
  result: z.array(z.looseObject({ stream: z.record(z.string(), z.string()), values: z.array(z.tuple([z.string(), z.string()])) })),
  truncated: z.boolean().optional(),
});

const PAGE_LINES = 5_000;
const MAX_PAGES = 20;

interface StreamLines {
  stream: Record<string, string>;
  values: Array<[string, string]>;
  seen: Set<string>;
}

/**
 * Reads the log lines of [start, end] through `logs_query_range`, one stream selector per label the
 * bundle parser takes a service from (`{service=~".+"}`, `{app=~".+"}` …; a stream matched twice is kept
 * once), oldest first, in pages of 5,000 lines: each next page starts at the last line's time (Loki has
 * no cursor) and lines already seen are dropped. Rebuilt as Loki `query_range` JSON and validated by the
 * bundle parser. Undefined when the tool could not be read at all.
 */
export async function collectLogs(settings: CallSettings, start: string, end: string): Promise<LogEntry[] | undefined> {
  const streams = new Map<string, StreamLines>();
  let answered = false;
  for (const label of LOG_SERVICE_LABELS) {
    const ok = await collectSelector(settings, `{${label}=~".+"}`, start, end, streams);
    if (!ok && !answered) return undefined;
    answered ||= ok;
  }
  const result = [...streams.values()].map(({ stream, values }) => ({ stream, values }));
  const parsed = parseLokiStreams(JSON.stringify({ status: 'success', data: { resultType: 'streams', result } }), 'mcp:logs_query_range');
  for (const p of parsed.problems) settings.problems.push(p);
  return parsed.logs;
}

/** Pages through one selector into `streams`; false when its first call failed. */
async function collectSelector(settings: CallSettings, query: string, start: string, end: string, streams: Map<string, StreamLines>): Promise<boolean> {
  let from = start;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await callStructuredTool(settings, 'logs_query_range', { query, start: from, end, limit: PAGE_LINES, direction: 'forward' }, StreamsSchema);
    if (!out) return page > 0;
    let added = 0;
    let lastNs = 0n;
    for (const s of out.result) {
      const key = JSON.stringify(Object.entries(s.stream).sort());
      const into = streams.get(key) ?? { stream: s.stream, values: [], seen: new Set<string>() };
      streams.set(key, into);
      for (const [ns, line] of s.values) {
        if (/^\d+$/.test(ns) && BigInt(ns) > lastNs) lastNs = BigInt(ns);
        const id = `${ns}\u0000${line}`;
        if (into.seen.has(id)) continue;
        into.seen.add(id);
        into.values.push([ns, line]);
        added++;
      }
    }
    if (!out.truncated || added === 0) return true;
    // Whole milliseconds: the servers parse RFC 3339 to ms; the repeated lines of that ms are dropped above.
    from = new Date(Number(lastNs / 1_000_000n)).toISOString();
  }
  settings.problems.push({ file: 'mcp:logs_query_range', field: 'truncated', message: `${query}: stopped after ${MAX_PAGES} pages of ${PAGE_LINES} lines; later lines were not read` });
  return true;
}
