import type { IncidentBundle, IngestProblem } from '../domain/index.ts';
import { parseRfc3339Ms } from './parse-rfc3339.ts';

/** A source whose every timestamp is further than this from `openedAt` probably has a unit or zone mistake. */
export const FAR_FROM_INCIDENT_MS = 30 * 86_400_000;

/**
 * Cheap cross-file checks on a parsed bundle, reported as problems (never thrown): `resolvedAt` before
 * `openedAt`; a source whose timestamps all lie more than 30 days from `openedAt` (seconds vs milliseconds,
 * wrong year); duplicate chat message ids and change ids.
 */
export function checkBundleSanity(bundle: Omit<IncidentBundle, 'problems' | 'missingSources'>): IngestProblem[] {
  const problems: IngestProblem[] = [];
  const openedMs = parseRfc3339Ms(bundle.incident.openedAt);
  const resolvedMs = bundle.incident.resolvedAt === undefined ? undefined : parseRfc3339Ms(bundle.incident.resolvedAt);
  if (openedMs !== undefined && resolvedMs !== undefined && resolvedMs < openedMs) {
    problems.push({ file: 'incident.json', field: 'resolvedAt', message: `is before openedAt (${bundle.incident.resolvedAt} < ${bundle.incident.openedAt})` });
  }
  if (openedMs !== undefined) {
    const ranges: Array<[string, number, number]> = [];
    const add = (label: string, times: Iterable<number>) => {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const t of times) {
        if (t < min) min = t;
        if (t > max) max = t;
      }
      if (min <= max) ranges.push([label, min, max]);
    };
    add('slack', bundle.chat.map((m) => m.timeMs));
    add('alerts', bundle.alerts.map((a) => a.startsAtMs));
    add('logs', bundle.logs.length > 0 ? [bundle.logs[0]!.timeMs, bundle.logs[bundle.logs.length - 1]!.timeMs] : []);
    add('changes', bundle.changes.map((c) => c.timeMs));
    add('metrics', bundle.metrics.flatMap((s) => (s.timesMs.length > 0 ? [s.timesMs[0]!, s.timesMs[s.timesMs.length - 1]!] : [])));
    for (const [source, min, max] of ranges) {
      if (max < openedMs - FAR_FROM_INCIDENT_MS || min > openedMs + FAR_FROM_INCIDENT_MS) {
        problems.push({
          file: source,
          field: '(times)',
          message: `all timestamps (${isoOrRaw(min)} … ${isoOrRaw(max)}) are more than 30 days from openedAt ${bundle.incident.openedAt}: check units and time zone`,
        });
      }
    }
  }
  reportDuplicates(problems, 'slack', bundle.chat.map((m) => m.id), 'message id');
  reportDuplicates(problems, 'changes.jsonl', bundle.changes.map((c) => c.id), 'change id');
  return problems;
}

function reportDuplicates(problems: IngestProblem[], file: string, ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const id of ids) (seen.has(id) ? dupes : seen).add(id);
  if (dupes.size > 0) {
    const list = [...dupes];
    problems.push({ file, field: '(ids)', message: `${list.length} duplicate ${what}(s): ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}` });
  }
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
