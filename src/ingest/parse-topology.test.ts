import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse-topology.ts';

describe('parseTopology', () => {
  it('parses services with defaults', () => {
    expect(parseTopology('{"services": [{"name": "checkout", "dependsOn": ["payments"], "team": "store"}, {"name": "stripe", "external": true}]}')).toEqual({
      services: [{ name: 'checkout', dependsOn: ['payments'], team: 'store' }, { name: 'stripe', dependsOn: [], external: true }],
    });
  });

  it('names the offending field', () => {
    expect(() => parseTopology('{"services": [{"name": "a", "dependsOn": "b"}]}')).toThrow('topology.json: services[0].dependsOn must be an array, got "b"');
    expect(() => parseTopology('{"services": [{"name": ""}]}')).toThrow('topology.json: services[0].name must be a non-empty string, got ""');
  });
});
