import { describe, expect, it } from 'vitest';
import type { ChangeEvent, ChatMessage, IncidentBundle, MetricSeries } from '../domain/index.ts';
import { checkBundleSanity } from './check-bundle-sanity.ts';

const OPENED = Date.UTC(2026, 2, 4, 15, 2, 11);
type Parsed = Omit<IncidentBundle, 'problems' | 'missingSources'>;
const base: Parsed = {
  incident: { id: 'I', title: 'T', severity: 'sev2', openedAt: '2026-03-04T15:02:11Z', services: [] },
  users: [], chat: [], alerts: [], metrics: [], logs: [], changes: [],
};
const series = (timesMs: number[]): MetricSeries => ({ name: 'm', service: 's', labels: {}, timesMs: Float64Array.from(timesMs), values: Float64Array.from(timesMs, () => 1), droppedSamples: 0, ref: 'metrics/m.json#0' });
const change = (id: string, timeMs: number): ChangeEvent => ({ id, type: 'deploy', service: 's', timeMs, source: 'x', data: {}, ref: 'changes.jsonl:1' });
const chat = (id: string, timeMs: number) => ({ id, timeMs }) as ChatMessage;

describe('checkBundleSanity', () => {
  it('finds nothing wrong with a consistent bundle', () => {
    expect(checkBundleSanity({ ...base, metrics: [series([OPENED - 3_600_000, OPENED])], changes: [change('a', OPENED - 60_000)] })).toEqual([]);
    expect(checkBundleSanity(base)).toEqual([]);
  });

  it('reports resolvedAt before openedAt', () => {
    const problems = checkBundleSanity({ ...base, incident: { ...base.incident, resolvedAt: '2026-03-04T14:00:00Z' } });
    expect(problems).toEqual([{ file: 'incident.json', field: 'resolvedAt', message: 'is before openedAt (2026-03-04T14:00:00Z < 2026-03-04T15:02:11Z)' }]);
  });

  it('reports a source whose times are all far from the incident (e.g. ms read as seconds)', () => {
    const problems = checkBundleSanity({ ...base, metrics: [series([OPENED * 1000, OPENED * 1000 + 60_000])], changes: [change('a', OPENED)] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'metrics', field: '(times)' });
    expect(problems[0]!.message).toMatch(/more than 30 days from openedAt/);
  });

  it('reports duplicate ids', () => {
    const problems = checkBundleSanity({ ...base, chat: [chat('c/1.0', OPENED), chat('c/1.0', OPENED)], changes: [change('d-1', OPENED), change('d-1', OPENED), change('d-2', OPENED)] });
    expect(problems).toEqual([
      { file: 'slack', field: '(ids)', message: '1 duplicate message id(s): c/1.0' },
      { file: 'changes.jsonl', field: '(ids)', message: '1 duplicate change id(s): d-1' },
    ]);
  });
});
