import type { Rng } from './rng.ts';
import type { LogLine } from './synthesize-logs.ts';

/**
 * Loki `query_range` response files: streams keyed by {service, level, env}; files grouped per
 * service, per level, or all in one. Returns relative path → JSON text.
 */
export function formatLokiFiles(rng: Rng, lines: readonly LogLine[], groupBy: 'service' | 'level' | 'single'): Map<string, string> {
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]>; file: string }>();
  const sorted = [...lines].sort((a, b) => a.timeMs - b.timeMs);
  for (const l of sorted) {
    const key = `${l.service}|${l.level}`;
    let s = streams.get(key);
    if (!s) {
      const file = groupBy === 'service' ? l.service : groupBy === 'level' ? (l.level === 'info' ? 'info' : l.level === 'warn' ? 'warnings' : 'errors') : 'production';
      s = { stream: { service: l.service, level: l.level, env: 'production', cluster: 'prod-us-east-1' }, values: [], file };
      streams.set(key, s);
    }
    s.values.push([`${l.timeMs}${String(rng.int(0, 999_999)).padStart(6, '0')}`, l.line]);
  }
  const byFile = new Map<string, Array<{ stream: Record<string, string>; values: Array<[string, string]> }>>();
  for (const s of streams.values()) {
    // Loki returns newest first by default (direction=backward).
    s.values.reverse();
    byFile.set(s.file, [...(byFile.get(s.file) ?? []), { stream: s.stream, values: s.values }]);
  }
  const files = new Map<string, string>();
  for (const [file, result] of byFile) {
    files.set(`logs/${file}.json`, `${JSON.stringify({ status: 'success', data: { resultType: 'streams', result, stats: {} } })}\n`);
  }
  return files;
}
