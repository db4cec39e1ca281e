import { describe, expect, it } from 'vitest';
import { BundleError } from '../domain/index.ts';
import { parseIncident } from './parse-incident.ts';

const valid = { id: 'INC-2041', title: 'Checkout failing', severity: 'sev1', openedAt: '2026-03-04T15:02:11Z', services: ['payments'] };

function errorOf(fn: () => unknown): BundleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('expected a BundleError');
}

describe('parseIncident', () => {
  it('parses a valid incident and defaults services', () => {
    expect(parseIncident(JSON.stringify(valid))).toEqual(valid);
    const { services: _omit, ...withoutServices } = valid;
    expect(parseIncident(JSON.stringify(withoutServices)).services).toEqual([]);
  });

  it('keeps extra fields out and accepts offsets', () => {
    const parsed = parseIncident(JSON.stringify({ ...valid, openedAt: '2026-03-04T16:02:11+01:00', extra: 1 }));
    expect(parsed.openedAt).toBe('2026-03-04T16:02:11+01:00');
  });

  it.each([
    [{ ...valid, severity: 'critical' }, 'severity', 'one of "sev1", "sev2", "sev3", "sev4"', '"critical"'],
    [{ ...valid, openedAt: 'yesterday' }, 'openedAt', 'an RFC 3339 timestamp', '"yesterday"'],
    [{ ...valid, services: ['payments', 7] }, 'services[1]', 'a string', '7'],
    [{ ...valid, title: '' }, 'title', 'a non-empty string', '""'],
    [(({ id: _id, ...rest }) => rest)(valid), 'id', 'a string', 'undefined'],
    [[valid], '(root)', 'an object', '[{'],
  ])('names the offending field of %j', (json, field, expected, got) => {
    const error = errorOf(() => parseIncident(JSON.stringify(json)));
    expect(error.file).toBe('incident.json');
    expect(error.field).toBe(field);
    expect(error.expected).toBe(expected);
    expect(error.message).toContain(`incident.json: ${field} must be ${expected}, got ${got}`);
  });

  it('reports invalid JSON with its line and column', () => {
    const error = errorOf(() => parseIncident('{\n  "id": "INC-1",\n  "title": }'));
    expect(error.file).toBe('incident.json');
    expect(error.expected).toBe('valid JSON');
    expect(error.field).toMatch(/^line 3 column \d+$|^\(file\)$/);
  });

  it('reports an empty file', () => {
    expect(errorOf(() => parseIncident('  \n')).message).toBe('incident.json: (file) must be valid JSON, got "(empty file)"');
  });
});
