import type { LogStream } from './metrics-backend.ts';
import { lastIndexAtOrBefore } from './sample-series.ts';

/** One Loki stream of a bundle, entries sorted by time. */
export interface StoredStream {
  labels: Record<string, string>;
  timesMs: Float64Array;
  entries: Array<[string, string]>;
}

/**
 * Loki `query_range` semantics on streams in memory: entries with start ≤ time ≤ end that pass `keep`,
 * at most `limit` in total — the newest (`backward`, listed newest first) or the oldest (`forward`).
 * Each stream contributes at most `limit` candidates, so the work is bounded by streams × limit.
 */
export function selectLogEntries(
  streams: readonly StoredStream[],
  startMs: number,
  endMs: number,
  keep: (line: string) => boolean,
  limit: number,
  direction: 'backward' | 'forward',
): { result: LogStream[]; truncated: boolean } {
  const candidates: Array<{ ms: number; stream: number; entry: number }> = [];
  let matched = 0;
  streams.forEach((s, streamIndex) => {
    const first = lastIndexAtOrBefore(s.timesMs, startMs - 1e-9) + 1;
    const last = lastIndexAtOrBefore(s.timesMs, endMs);
    let taken = 0;
    const step = direction === 'backward' ? -1 : 1;
    for (let i = direction === 'backward' ? last : first; i >= first && i <= last; i += step) {
      if (!keep((s.entries[i] as [string, string])[1])) continue;
      matched++;
      if (taken >= limit) break;
      taken++;
      candidates.push({ ms: s.timesMs[i] as number, stream: streamIndex, entry: i });
    }
  });
  candidates.sort((a, b) => (direction === 'backward' ? b.ms - a.ms : a.ms - b.ms));
  const chosen = candidates.slice(0, limit);
  const byStream = new Map<number, LogStream>();
  for (const c of chosen) {
    let out = byStream.get(c.stream);
    if (!out) {
      out = { stream: (streams[c.stream] as StoredStream).labels, values: [] };
      byStream.set(c.stream, out);
    }
    out.values.push((streams[c.stream] as StoredStream).entries[c.entry] as [string, string]);
  }
  return { result: [...byStream.values()], truncated: matched > limit };
}
