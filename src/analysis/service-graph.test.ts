import { describe, expect, it } from 'vitest';
import { buildServiceGraph, dependenciesOf, dependentsOf } from './service-graph.ts';
import { T0, buildBundle, buildLog, buildSeries } from './testing/build-bundle.ts';

describe('buildServiceGraph', () => {
  it('uses topology.json and walks dependencies both ways', () => {
    const graph = buildServiceGraph(buildBundle({ topology: { services: [{ name: 'web', dependsOn: ['api'] }, { name: 'api', dependsOn: ['db'] }, { name: 'db', dependsOn: [] }] } }));
    expect(graph.origin).toBe('topology');
    expect([...dependenciesOf(graph, 'web')].sort()).toEqual(['api', 'db']);
    expect([...dependentsOf(graph, 'db')].sort()).toEqual(['api', 'web']);
  });

  it('infers edges from upstream labels and error logs, and marks services without telemetry as external', () => {
    const graph = buildServiceGraph(buildBundle({
      metrics: [
        buildSeries('upstream_request_error_ratio', 'payments', () => 0, { labels: { upstream: 'stripe' }, count: 10 }),
        buildSeries('http_request_error_ratio', 'checkout', () => 0, { count: 10 }),
      ],
      logs: [buildLog('checkout', 'error', 'timeout calling payments after 3000ms', T0)],
    }));
    expect(graph.origin).toBe('inferred');
    expect([...dependenciesOf(graph, 'checkout')].sort()).toEqual(['payments', 'stripe']);
    expect(graph.external.has('stripe')).toBe(true);
    expect(graph.external.has('payments')).toBe(false);
  });
});
