import { describe, expect, it } from 'vitest';
import { parseCloudEvents } from './parse-cloudevents.ts';

const ev = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ specversion: '1.0', id: 'd-881', source: 'argocd', type: 'deploy', subject: 'payments', time: '2026-03-04T14:58:40Z', data: { environment: 'production', version: 'v2.4.1', previousVersion: 'v2.4.0', author: 'alice', description: 'Bump stripe client' }, ...over });

describe('parseCloudEvents', () => {
  it('maps a change event, with data fields when they are strings', () => {
    const { changes, problems } = parseCloudEvents(ev());
    expect(problems).toEqual([]);
    expect(changes).toEqual([
      {
        id: 'd-881', type: 'deploy', service: 'payments', timeMs: Date.UTC(2026, 2, 4, 14, 58, 40), source: 'argocd',
        environment: 'production', version: 'v2.4.1', previousVersion: 'v2.4.0', author: 'alice', description: 'Bump stripe client',
        data: { environment: 'production', version: 'v2.4.1', previousVersion: 'v2.4.0', author: 'alice', description: 'Bump stripe client' },
        ref: 'changes.jsonl:1',
      },
    ]);
  });

  it('keeps other types, falls back to data.service, ignores non-string data fields, sorts by time', () => {
    const text = [
      ev({ id: 'late', time: '2026-03-04T15:30:00Z', type: 'chaos_experiment' }),
      ev({ id: 'flag', subject: undefined, time: '2026-03-04T14:00:00+01:00', data: { service: 'checkout', version: 3, author: '' } }),
      ev({ id: 'nodata', data: undefined, time: '2026-03-04T14:59:00Z' }),
      ev({ id: 'strdata', data: 'raw', time: '2026-03-04T15:00:00Z' }),
    ].join('\n');
    const { changes, problems } = parseCloudEvents(text);
    expect(problems).toEqual([]);
    expect(changes.map((c) => [c.id, c.type, c.service, c.ref])).toEqual([
      ['flag', 'deploy', 'checkout', 'changes.jsonl:2'],
      ['nodata', 'deploy', 'payments', 'changes.jsonl:3'],
      ['strdata', 'deploy', 'payments', 'changes.jsonl:4'],
      ['late', 'chaos_experiment', 'payments', 'changes.jsonl:1'],
    ]);
    expect(changes[0]).not.toHaveProperty('version');
    expect(changes[0]).not.toHaveProperty('author');
    expect(changes[1]!.data).toEqual({});
    expect(changes[2]!.data).toEqual({ value: 'raw' });
  });

  it('skips invalid lines with their line number and field', () => {
    const text = [
      ev({ specversion: '0.3' }),
      ev({ time: '2026-03-04 late' }),
      '{not json',
      ev({ id: undefined }),
      ev({ subject: undefined, data: { note: 'x' } }),
      '',
      ev({ id: 'good' }),
    ].join('\n');
    const { changes, problems } = parseCloudEvents(text);
    expect(changes.map((c) => c.id)).toEqual(['good']);
    expect(problems.map((p) => p.field)).toEqual(['line 1: specversion', 'line 2: time', 'line 3', 'line 4: id', 'line 5: subject']);
    expect(problems[0]!.message).toBe('must be "1.0", got "0.3"; line skipped');
  });

  it('accepts an empty file', () => {
    expect(parseCloudEvents('')).toEqual({ changes: [], problems: [] });
  });
});
