import { describe, expect, it } from 'vitest';
import { analyzeIncident } from './analyze-incident.ts';
import { MIN, T0, buildBundle, buildLog, buildSeries, stepAt } from './testing/build-bundle.ts';

const ONSET = T0 + 180 * MIN;
const quiet = (service: string, salt: number) => buildSeries('http_request_error_ratio', service, stepAt(0.002, 0.002, 0, 0, 0.2, salt));
const broken = (service: string, labels: Record<string, string> = {}, salt = 9) =>
  buildSeries(labels.upstream ? 'upstream_request_error_ratio' : 'http_request_error_ratio', service, stepAt(0.002, 0.3, ONSET, ONSET + 30 * MIN, 0.2, salt), { labels });

/**
 * inventory cannot reach redis; redis and its other callers are fine. With `redisBlipBefore`, redis had a
 * blip of its own that was over before inventory's trouble began, and the incident was declared on inventory.
 */
function callerSideFault(withLogs: boolean, redisBlipBefore = false) {
  return buildBundle({
    ...(redisBlipBefore ? { services: ['inventory'] } : {}),
    openedAt: new Date(ONSET + 4 * MIN).toISOString(),
    resolvedAt: new Date(ONSET + 50 * MIN).toISOString(),
    topology: { services: [
      { name: 'inventory', dependsOn: ['redis'] }, { name: 'cart', dependsOn: ['redis'] }, { name: 'sessions', dependsOn: ['redis'] }, { name: 'redis', dependsOn: [] },
    ] },
    metrics: [
      broken('inventory', {}, 1), broken('inventory', { upstream: 'redis' }, 2), quiet('cart', 4), quiet('sessions', 5),
      redisBlipBefore ? buildSeries('http_request_error_ratio', 'redis', stepAt(0.002, 0.05, ONSET - 15 * MIN, ONSET - 3 * MIN, 0.2, 3)) : quiet('redis', 3),
    ],
    logs: withLogs ? Array.from({ length: 6 }, (_, i) => buildLog('inventory', 'error', 'read tcp 10.0.0.4:5123->10.0.9.9:6379: connection reset by peer', ONSET + i * MIN)) : [],
  });
}

describe('caller-side faults', () => {
  it.each([[true], [false]])('blames the caller that alone sees a healthy service fail (logs: %s)', (withLogs) => {
    const { rootCauses } = analyzeIncident(callerSideFault(withLogs));
    expect(rootCauses[0]).toMatchObject({ service: 'inventory', kind: 'network' });
  });

  it('still blames the caller when the service had a blip of its own that was over before the caller saw it fail', () => {
    const analysis = analyzeIncident(callerSideFault(true, true));
    expect(analysis.anomalies.some((a) => a.series.service === 'redis')).toBe(true);
    expect(analysis.rootCauses[0]).toMatchObject({ service: 'inventory', kind: 'network' });
  });
});

/**
 * admin-api loses its network: its calls to cache (no telemetry of its own, so nobody else measures it)
 * and to exports (healthy metrics) fail at the same minute, and batch-loader, which calls admin-api, fails
 * too. With `exportsFails`, exports really failed on its own instead.
 */
function fanOutFault(exportsFails: boolean) {
  return buildBundle({
    openedAt: new Date(ONSET + 4 * MIN).toISOString(),
    resolvedAt: new Date(ONSET + 50 * MIN).toISOString(),
    topology: { services: [
      { name: 'batch-loader', dependsOn: ['admin-api', 'exports'] }, { name: 'admin-api', dependsOn: ['cache', 'exports'] },
      { name: 'exports', dependsOn: ['cache'] }, { name: 'webhooks', dependsOn: ['cache'] }, { name: 'cache', dependsOn: [] },
    ] },
    metrics: [
      broken('admin-api', {}, 1), broken('admin-api', { upstream: 'cache' }, 2), broken('admin-api', { upstream: 'exports' }, 3),
      broken('batch-loader', {}, 4), broken('batch-loader', { upstream: 'admin-api' }, 5),
      exportsFails ? broken('exports', {}, 6) : quiet('exports', 6), quiet('webhooks', 7),
    ],
  });
}

describe('caller-side faults seen on several upstreams at once', () => {
  it('blames the caller whose calls to several upstreams failed together while none failed on its own', () => {
    const { rootCauses } = analyzeIncident(fanOutFault(false));
    expect(rootCauses[0]).toMatchObject({ service: 'admin-api', kind: 'network' });
    expect(rootCauses.find((c) => c.service === 'cache')?.confidence ?? 0).toBeLessThan(0.05);
  });

  it('leaves the views with an upstream that failed on its own', () => {
    const { rootCauses } = analyzeIncident(fanOutFault(true));
    expect(rootCauses[0]?.service).not.toBe('admin-api');
  });

  it('still turns two quiet upstreams failing together against the caller when a third failed on its own', () => {
    const bundle = fanOutFault(true);
    bundle.topology!.services.push({ name: 'search', dependsOn: [] });
    bundle.topology!.services.find((s) => s.name === 'admin-api')!.dependsOn.push('search');
    bundle.metrics.push(broken('admin-api', { upstream: 'search' }, 8), quiet('search', 9));
    const { rootCauses } = analyzeIncident(bundle);
    expect(rootCauses.find((c) => c.service === 'admin-api')).toMatchObject({ kind: 'network' });
    expect(rootCauses.find((c) => c.service === 'cache')?.confidence ?? 0).toBeLessThan(0.05);
  });
});

describe('caller-side faults when another caller is in trouble because of the failing one', () => {
  it('blames cart, which alone sees a healthy catalog fail, though frontend (which calls cart) fails too', () => {
    const bundle = buildBundle({
      openedAt: new Date(ONSET + 4 * MIN).toISOString(),
      resolvedAt: new Date(ONSET + 50 * MIN).toISOString(),
      topology: { services: [
        { name: 'frontend', dependsOn: ['cart', 'catalog'] }, { name: 'cart', dependsOn: ['catalog'] },
        { name: 'search', dependsOn: ['catalog'] }, { name: 'wishlist', dependsOn: ['catalog'] }, { name: 'catalog', dependsOn: [] },
      ] },
      metrics: [
        broken('cart', {}, 1), broken('cart', { upstream: 'catalog' }, 2), broken('frontend', {}, 3), broken('frontend', { upstream: 'cart' }, 4),
        quiet('catalog', 5), quiet('search', 6), quiet('wishlist', 7),
      ],
    });
    expect(analyzeIncident(bundle).rootCauses[0]).toMatchObject({ service: 'cart', kind: 'network' });
  });
});
