import { describe, expect, it } from 'vitest';
import { analyzeIncident } from './analyze-incident.ts';
import { MIN, T0, buildAlert, buildBundle, buildChange, buildChat, buildLog, buildRawHistogram, buildSeries, noise, stepAt } from './testing/build-bundle.ts';

const at = (hhmm: string) => Date.parse(`2026-03-04T${hhmm}Z`);

/** payments breaks after a secret rotation; search deployed just before (red herring); checkout retries. */
function paymentsIncident(options: { withTopology?: boolean } = {}) {
  const onset = at('14:59:00');
  const fixed = at('15:30:00');
  const topology = {
    services: [
      { name: 'frontend', dependsOn: ['checkout', 'search'] },
      { name: 'checkout', dependsOn: ['payments'] },
      { name: 'payments', dependsOn: ['stripe'] },
      { name: 'search', dependsOn: [] },
      { name: 'stripe', dependsOn: [] },
    ],
  };
  const errors = (service: string, after: number, delayMs: number, salt: number) =>
    buildSeries('http_request_error_ratio', service, stepAt(0.002, after, onset + delayMs, fixed + delayMs, 0.3, salt));
  return buildBundle({
    services: ['checkout'],
    ...(options.withTopology === false ? {} : { topology }),
    metrics: [
      errors('payments', 0.2, 0, 1),
      errors('checkout', 0.35, 60_000, 2),
      errors('frontend', 0.12, 120_000, 3),
      errors('search', 0.002, 0, 4),
      buildSeries('http_requests_per_second', 'search', stepAt(300, 300, 0, 0, 0.05, 5)),
      buildSeries('upstream_request_error_ratio', 'checkout', stepAt(0.001, 0.3, onset + 60_000, fixed, 0.3, 6), { labels: { upstream: 'payments' } }),
      buildSeries('upstream_request_error_ratio', 'payments', stepAt(0.001, 0.001, 0, 0, 0.3, 7), { labels: { upstream: 'stripe' } }),
    ],
    changes: [
      buildChange('d-877', 'search', 'deploy', at('14:55:00'), { version: 'v9', description: 'search ranking tweak' }),
      buildChange('s-12', 'payments', 'secret_rotation', at('14:58:00'), { description: 'rotate stripe api key' }),
      buildChange('r-1', 'payments', 'rollback', at('15:29:30'), { description: 'revert secret rotation s-12' }),
    ],
    alerts: [
      buildAlert('fp-checkout', 'CheckoutHighErrorRate', 'checkout', 'firing', at('15:01:00')),
      buildAlert('fp-checkout', 'CheckoutHighErrorRate', 'checkout', 'firing', at('15:01:00')),
      buildAlert('fp-checkout', 'CheckoutHighErrorRate', 'checkout', 'resolved', at('15:01:00'), at('15:33:00')),
    ],
    logs: [
      ...Array.from({ length: 20 }, (_, i) => buildLog('payments', 'error', `stripe charge failed: 401 Unauthorized (invalid api key) req=${1000 + i}`, onset + i * 30_000)),
      ...Array.from({ length: 10 }, (_, i) => buildLog('search', 'error', `slow query took ${100 + i}ms`, at('13:00:00') + i * 10 * MIN)),
    ],
    chat: [
      buildChat('dana', 'joining late', at('15:03:00')),
      buildChat('erin', "it's the search deploy, it went out right before", at('15:04:00')),
      buildChat('dana', '+1', at('15:04:10')),
      buildChat('erin', 'rolling back the payments secret rotation', at('15:28:00')),
      buildChat('erin', 'error rates are back to normal', at('15:33:00')),
    ],
  });
}

describe('analyzeIncident', () => {
  it('blames the change that preceded the root service, not the red-herring deploy', () => {
    const analysis = analyzeIncident(paymentsIncident());
    const top = analysis.rootCauses[0]!;
    expect(top.service).toBe('payments');
    expect(top.kind).toBe('credential');
    expect(top.changeId).toBe('s-12');
    const search = analysis.signals.find((s) => s.id === 'change:d-877')!;
    expect(search.label).toBe('unrelated');
    expect(analysis.signals.find((s) => s.id === 'change:s-12')!.label).toBe('likely-cause');
  });

  it('gives probabilities that sum to at most 1, most likely first', () => {
    const { rootCauses } = analyzeIncident(paymentsIncident());
    const sum = rootCauses.reduce((a, r) => a + r.confidence, 0);
    expect(sum).toBeLessThanOrEqual(1);
    for (let i = 1; i < rootCauses.length; i++) expect(rootCauses[i]!.confidence).toBeLessThanOrEqual(rootCauses[i - 1]!.confidence);
  });

  it('finds the milestones: first symptom before the first page, mitigation at the recovery', () => {
    const { milestones, durations } = analyzeIncident(paymentsIncident());
    expect(Math.abs((milestones.firstSymptomMs ?? 0) - at('14:59:00'))).toBeLessThanOrEqual(30_000);
    expect(milestones.detectedMs).toBe(at('15:01:00'));
    expect(Math.abs((milestones.mitigatedMs ?? 0) - at('15:30:00'))).toBeLessThanOrEqual(2 * MIN);
    expect(milestones.resolvedMs).toBe(at('15:40:00'));
    expect(durations.timeToDetectSeconds).toBeGreaterThan(60);
  });

  it('labels the chat claim about the healthy search service as contradicted', () => {
    const { signals } = analyzeIncident(paymentsIncident());
    const claim = signals.find((s) => s.source === 'chat' && s.service === 'search')!;
    expect(claim.label).toBe('unrelated');
    expect(claim.rationale).toMatch(/contradicts/);
  });

  it('collapses alert re-sends into one firing and one resolved timeline event', () => {
    const { timeline } = analyzeIncident(paymentsIncident());
    const alertEvents = timeline.filter((e) => e.kind === 'alert');
    expect(alertEvents.map((e) => e.text.split(' ')[0])).toEqual(['FIRING', 'RESOLVED']);
  });

  it('keeps chat filler in the timeline but marks it minor', () => {
    const { timeline } = analyzeIncident(paymentsIncident());
    expect(timeline.find((e) => e.text.endsWith('joining late'))?.minor).toBe(true);
    expect(timeline.find((e) => e.text.includes('rolling back'))?.minor).toBeUndefined();
  });

  it('still finds payments without topology, from client-side labels', () => {
    const analysis = analyzeIncident(paymentsIncident({ withTopology: false }));
    expect(analysis.rootCauses[0]!.service).toBe('payments');
    expect(analysis.graph.origin).toBe('inferred');
  });

  it('proposes only approval-gated commands, starting with undoing the causal change', () => {
    const { proposedCommands } = analyzeIncident(paymentsIncident());
    expect(proposedCommands.every((p) => p.requiresApproval)).toBe(true);
    expect(proposedCommands.map((p) => p.command)).toContain('status');
  });

  it('works on a bundle with nothing but incident.json', () => {
    const analysis = analyzeIncident(buildBundle({ missingSources: ['slack', 'alerts', 'metrics', 'logs', 'changes', 'topology'] }));
    expect(analysis.rootCauses).toEqual([]);
    expect(analysis.milestones.detectedMs).toBe(at('15:02:00'));
  });
});

/**
 * A coarse export (5-minute samples over two days, as X-Ray or CloudWatch give, ending ten minutes
 * after the page) of a site paged at 15:00 on latency; `latency` gives each service's latency over time.
 */
function coarseIncident(topology: Array<{ name: string; dependsOn: string[] }>, latency: Record<string, (t: number) => number>, requestsPerSecond: Record<string, number> = {}, samplesAfterPage = 1) {
  const page = at('15:00:00');
  const stepMs = 5 * MIN;
  const start = page - 48 * 60 * MIN;
  const coarse = (name: string, service: string, valueAt: (t: number) => number, salt: number, labels: Record<string, string>) =>
    buildSeries(name, service, (i, t) => valueAt(t) * (1 + 0.03 * Math.sin(i * 1.7 + salt)), { startMs: start, stepMs, count: 48 * 12 + 1 + samplesAfterPage, labels });
  return buildBundle({
    services: ['site'],
    openedAt: '2026-03-04T15:00:00Z',
    resolvedAt: '2026-03-04T15:10:00Z',
    topology: { services: topology },
    metrics: [
      ...Object.entries(latency).map(([service, valueAt], salt) => coarse('http_request_duration_avg_seconds', service, valueAt, salt, { stat: 'avg' })),
      ...Object.entries(requestsPerSecond).map(([service, rate], salt) => coarse('http_requests_per_second', service, () => rate, salt, {})),
    ],
    alerts: [buildAlert('fp-site', 'SiteHighLatency', 'site', 'firing', page)],
  });
}

/** `inside` from `fromMin` minutes after the page (negative: before) until `toMin`, else `outside`. */
const level = (outside: number, inside: number, fromMin: number, toMin = Infinity) => (t: number) => {
  const m = (t - at('15:00:00')) / MIN;
  return m >= fromMin && m < toMin ? inside : outside;
};

describe('analyzeIncident on coarse data', () => {
  it('prefers the dependency whose failure moved with a symptom that stayed under the detection bar', () => {
    // The site paged on a small bump that api's short spike explains; batch was slow before and after.
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['api', 'batch'] }, { name: 'api', dependsOn: [] }, { name: 'batch', dependsOn: [] }],
      { site: level(0.1, 0.112, -5, 5), api: level(0.05, 0.6, -5, 5), batch: level(0.4, 2.0, -15) },
    ));
    expect(analysis.anomalies.some((a) => a.series.service === 'site')).toBe(false);
    expect(analysis.rootCauses[0]?.service).toBe('api');
  });

  it('dates a quiet symptom from the page, so a dependency that was off half an hour before does not set the clock', () => {
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['api', 'batch'] }, { name: 'api', dependsOn: [] }, { name: 'batch', dependsOn: [] }],
      { site: level(0.1, 0.112, -5), api: level(0.05, 0.6, -5), batch: level(0.4, 2.0, -30) },
    ));
    expect(analysis.rootCauses[0]?.service).toBe('api');
  });

  it('does not let a dependency that was already off before explain a failure that did not move with it', () => {
    // cache sat at another level for fifteen minutes while api was fine; then api broke and the site with it.
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['api'] }, { name: 'api', dependsOn: ['cache'] }, { name: 'cache', dependsOn: [] }],
      { site: level(0.1, 0.7, -5), api: level(0.05, 0.6, -5), cache: level(0.05, 0.5, -20) },
    ));
    expect(analysis.rootCauses[0]?.service).toBe('api');
    expect(analysis.ranked.find((r) => r.service === 'api')?.failingDependencies).toEqual([]);
  });

  it('judges co-movement over the episode itself, so a dependency stuck high since just before does not explain a rise and fall', () => {
    // cache went bad one sample before api and stayed bad; api's latency rose and fell back on its own.
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['api'] }, { name: 'api', dependsOn: ['cache'] }, { name: 'cache', dependsOn: [] }],
      { site: level(0.1, 0.7, -5, 5), api: level(0.05, 0.6, -5, 5), cache: level(0.05, 0.5, -10) },
      {},
      3,
    ));
    expect(analysis.ranked.find((r) => r.service === 'api')?.failingDependencies).toEqual([]);
    expect(analysis.rootCauses[0]?.service).toBe('api');
  });

  it('ranks the dependency that rose and fell with the symptom above one that went bad just before and stayed bad', () => {
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['api', 'batch'] }, { name: 'api', dependsOn: [] }, { name: 'batch', dependsOn: [] }],
      { site: level(0.1, 0.5, -5, 5), api: level(0.05, 0.45, -5, 5), batch: level(0.2, 2, -10) },
      {},
      3,
    ));
    expect(analysis.rootCauses[0]?.service).toBe('api');
  });

  it('suspects a dependency whose noisy metrics moved with the symptom though below the bar of a finding', () => {
    // fn's latency is noisy (±25 %), so its rise to 1.9× stays under 6σ; the site moved with it.
    const page = at('15:00:00');
    const stepMs = 5 * MIN;
    const start = page - 48 * 60 * MIN;
    const series = (service: string, base: number, during: number, jitter: number, salt: number) =>
      buildSeries('http_request_duration_avg_seconds', service, (i, t) => (t >= page - 5 * MIN ? during : base) * (1 + jitter * noise(i, salt)), { startMs: start, stepMs, count: 48 * 12 + 2, labels: { stat: 'avg' } });
    const bundle = buildBundle({
      services: ['site'],
      openedAt: '2026-03-04T15:00:00Z',
      resolvedAt: '2026-03-04T15:10:00Z',
      topology: { services: [{ name: 'site', dependsOn: ['fn', 'api'] }, { name: 'fn', dependsOn: [] }, { name: 'api', dependsOn: [] }] },
      metrics: [series('site', 0.1, 0.4, 0.02, 1), series('fn', 0.5, 0.95, 0.25, 2), series('api', 0.05, 0.05, 0.02, 3)],
      alerts: [buildAlert('fp-site', 'SiteHighLatency', 'site', 'firing', page)],
    });
    const analysis = analyzeIncident(bundle);
    expect(analysis.anomalies.some((a) => a.series.service === 'fn')).toBe(false);
    const fn = analysis.rootCauses.slice(0, 3).find((r) => r.service === 'fn');
    expect(fn?.rationale).toContain('faintly');
  });

  it('does not date a service by its balancer when the balancer was off long before the service moved', () => {
    const balancer = 'servi-searc.us-west-2.elb.amazonaws.com_remote';
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['search', 'ads', balancer] }, { name: 'search', dependsOn: [] }, { name: 'ads', dependsOn: [] }, { name: balancer, dependsOn: [] }],
      { site: level(0.1, 0.9, -5), search: level(0.05, 0.85, -5), ads: level(0.05, 0.5, -10), [balancer]: level(0.05, 3, -25) },
    ));
    expect(analysis.rootCauses[0]?.service).toBe('search');
  });

  it('lets a rarely called dependency explain its caller when they moved together, though its percentiles are a weak witness', () => {
    // A step function called twice a minute got three seconds slower; the site's latency followed.
    const analysis = analyzeIncident(coarseIncident(
      [{ name: 'site', dependsOn: ['api', 'stepfn'] }, { name: 'api', dependsOn: [] }, { name: 'stepfn', dependsOn: [] }],
      { site: level(0.1, 1.4, -5), api: level(0.05, 0.05, -5), stepfn: level(0.5, 3.5, -5) },
      { site: 20, api: 15, stepfn: 0.03 },
    ));
    expect(analysis.rootCauses[0]?.service).toBe('stepfn');
    expect(analysis.ranked.find((r) => r.service === 'site')?.failingDependencies).toEqual(['stepfn']);
  });
});

describe('analyzeIncident on failure modes', () => {
  it('prefers, among dependencies that broke with the symptom, the one that fails the way the symptom does', () => {
    const onset = at('14:59:00');
    const series = (name: string, service: string, before: number, after: number, salt: number) => buildSeries(name, service, stepAt(before, after, onset, Infinity, 0.02, salt));
    const analysis = analyzeIncident(buildBundle({
      services: ['site'],
      topology: { services: [{ name: 'site', dependsOn: ['pay', 'slow'] }, { name: 'pay', dependsOn: [] }, { name: 'slow', dependsOn: [] }] },
      metrics: [
        series('http_request_error_ratio', 'site', 0.001, 0.08, 1),
        series('http_request_error_ratio', 'pay', 0.001, 0.2, 2),
        series('http_request_duration_seconds', 'slow', 0.1, 0.6, 3),
      ],
      alerts: [buildAlert('fp-site', 'SiteErrors', 'site', 'firing', at('15:01:00'))],
    }));
    expect(analysis.rootCauses[0]?.service).toBe('pay');
    const scoreOf = (service: string) => analysis.ranked.find((r) => r.service === service)?.score ?? -Infinity;
    expect(scoreOf('pay')).toBeGreaterThan(scoreOf('slow'));
  });
});

describe('affected callers', () => {
  it('counts a caller as affected only if its failure moved with the candidate’s', () => {
    const episode = (service: string, from: string, to: string, salt: number) =>
      buildSeries('http_request_error_ratio', service, stepAt(0.002, 0.2, at(from), at(to), 0.2, salt));
    const analysis = analyzeIncident(buildBundle({
      services: ['site'],
      topology: { services: [{ name: 'site', dependsOn: ['api', 'db'] }, { name: 'api', dependsOn: [] }, { name: 'db', dependsOn: [] }] },
      metrics: [
        episode('api', '15:00:00', '15:20:00', 1),
        episode('site', '15:00:30', '15:20:30', 2),
        // db broke a little earlier and stayed broken long after: it did not rise and fall with the site
        episode('db', '14:58:00', '15:36:00', 3),
      ],
      alerts: [buildAlert('fp-site', 'SiteErrors', 'site', 'firing', at('15:01:00'))],
    }));
    const byService = new Map(analysis.ranked.map((r) => [r.service, r]));
    expect(byService.get('api')?.affectedCallers).toEqual(['site']);
    expect(byService.get('db')?.affectedCallers).toEqual([]);
    expect(byService.get('api')!.score).toBeGreaterThan(byService.get('db')!.score);
  });
});

describe('retry storms', () => {
  /** redis blips at 15:00; fraud-detection's retries (no backoff) keep it down until they are switched off at 15:30. */
  function retryStorm(options: { killSwitch: boolean }) {
    const onset = at('15:00:00');
    const stormEnd = at('15:32:00');
    return buildBundle({
      services: ['fraud-detection'],
      topology: {
        services: [
          { name: 'fraud-detection', dependsOn: ['redis'] },
          { name: 'risk-scoring', dependsOn: ['redis'] },
          { name: 'redis', dependsOn: [] },
        ],
      },
      metrics: [
        buildSeries('http_request_error_ratio', 'redis', stepAt(0.002, 0.3, onset, stormEnd, 0.2, 1)),
        buildSeries('http_requests_per_second', 'redis', stepAt(500, 3500, onset + 60_000, stormEnd, 0.05, 2)),
        buildSeries('http_request_error_ratio', 'fraud-detection', stepAt(0.002, 0.5, onset + 60_000, stormEnd, 0.2, 3)),
        buildSeries('upstream_request_error_ratio', 'fraud-detection', stepAt(0.001, 0.45, onset, stormEnd, 0.2, 4), { labels: { upstream: 'redis' } }),
        buildSeries('http_request_error_ratio', 'risk-scoring', stepAt(0.002, 0.2, onset + 60_000, stormEnd, 0.2, 5)),
      ],
      changes: options.killSwitch
        ? [buildChange('c-1', 'fraud-detection', 'config', at('15:30:00'), { key: 'clients.redis.retry.max_attempts', oldValue: '10', newValue: '1', description: 'Disable retries to redis' })]
        : [],
    });
  }

  it('traces the storm to the caller whose retries to the victim were switched off just before it recovered', () => {
    const top = analyzeIncident(retryStorm({ killSwitch: true })).ranked[0]!;
    expect([top.service, top.kind]).toEqual(['fraud-detection', 'retry-storm']);
  });

  it('without that change, blames the service that failed first', () => {
    expect(analyzeIncident(retryStorm({ killSwitch: false })).ranked[0]!.service).toBe('redis');
  });
});

describe('request counts split by status code', () => {
  /** Raw `http_requests_total{code}` counters only; inventory starts failing at 14:59, checkout (its caller) a minute later. */
  function statusCodeIncident() {
    const onset = at('14:59:00');
    const fixed = at('15:30:00');
    const counters = (service: string, failedShare: (t: number) => number, perSecond = 40) => ['200', '500'].map((code) => {
      let total = 1000;
      return buildSeries('http_requests_total', service, (i, t) => {
        const share = code === '500' ? failedShare(t) : 1 - failedShare(t);
        if (i > 0) total += perSecond * share * 30 * (1 + 0.1 * noise(i, service.length));
        return Math.round(total);
      }, { labels: { code } });
    }).flat();
    return buildBundle({
      services: ['checkout'],
      topology: { services: [{ name: 'checkout', dependsOn: ['inventory'] }, { name: 'inventory', dependsOn: [] }, { name: 'search', dependsOn: [] }] },
      metrics: [
        ...counters('inventory', (t) => (t >= onset && t < fixed ? 0.3 : 0.001)),
        ...counters('checkout', (t) => (t >= onset + MIN && t < fixed + MIN ? 0.2 : 0.001)),
        // search gets a burst of successful traffic: busier, not failing.
        ...counters('search', () => 0.001).map((s, i) => (i === 0 ? buildSeries(s.name, 'search', (j, t) => 1000 + j * 1200 + (t >= onset ? (t - onset) / 30_000 * 3600 : 0), { labels: { code: '200' } }) : s)),
      ],
      alerts: [buildAlert('fp-checkout', 'CheckoutErrors', 'checkout', 'firing', at('15:02:00'))],
    });
  }

  it('reads them as error ratios, so the failing dependency is the root and its anomaly is an error anomaly', () => {
    const analysis = analyzeIncident(statusCodeIncident());
    expect(analysis.ranked[0]!.service).toBe('inventory');
    expect(analysis.ranked[0]!.kind).not.toBe('capacity');
    const inventoryFamilies = analysis.anomalies.filter((a) => a.series.service === 'inventory').map((a) => a.profile.family);
    expect(inventoryFamilies).toContain('errors');
  });
});

describe('an incident still going on', () => {
  /** inventory fails at 14:59, checkout (its caller) a minute later; the data ends before either recovers. */
  function ongoingIncident() {
    const onset = at('14:59:00');
    const { resolvedAt: _, ...incident } = buildBundle({}).incident;
    return {
      ...buildBundle({
        services: ['checkout'],
        topology: { services: [{ name: 'checkout', dependsOn: ['inventory'] }, { name: 'inventory', dependsOn: [] }] },
        metrics: [
          buildSeries('http_request_error_ratio', 'inventory', stepAt(0.002, 0.3, onset, Infinity, 0.3, 1), { count: 380 }),
          buildSeries('http_request_error_ratio', 'checkout', stepAt(0.002, 0.2, onset + MIN, Infinity, 0.3, 2), { count: 380 }),
        ],
        alerts: [buildAlert('fp-checkout', 'CheckoutErrors', 'checkout', 'firing', at('15:02:00'))],
      }),
      incident: { ...incident, services: ['checkout'] },
    };
  }

  it('lets the dependency that failed first explain its caller, though neither has recovered to compare shapes', () => {
    const [first, second] = analyzeIncident(ongoingIncident()).ranked;
    expect(first!.service).toBe('inventory');
    expect(first!.affectedCallers).toEqual(['checkout']);
    expect(second!.failingDependencies).toEqual(['inventory']);
  });
});

describe('a dependency failing on its own schedule', () => {
  /** frontend's errors rise and fall with cart's; search, which frontend also calls, broke 4 minutes earlier and stayed broken. */
  function ownScheduleIncident() {
    const onset = at('14:59:00');
    const fixed = at('15:30:00');
    return buildBundle({
      services: ['frontend'],
      topology: { services: [{ name: 'frontend', dependsOn: ['cart', 'search'] }, { name: 'cart', dependsOn: [] }, { name: 'search', dependsOn: [] }] },
      metrics: [
        buildSeries('http_request_error_ratio', 'cart', stepAt(0.002, 0.06, onset, fixed, 0.05, 1)),
        buildSeries('http_request_error_ratio', 'frontend', stepAt(0.002, 0.04, onset + 30_000, fixed + 30_000, 0.05, 2)),
        buildSeries('http_request_error_ratio', 'search', stepAt(0.002, 0.5, at('14:55:00'), Infinity, 0.05, 3)),
      ],
      alerts: [buildAlert('fp-frontend', 'FrontendErrors', 'frontend', 'firing', at('15:01:00'))],
    });
  }

  it('does not explain a symptom that did not move with it, so the dependency that did is ranked first', () => {
    const ranked = analyzeIncident(ownScheduleIncident()).ranked;
    expect(ranked[0]!.service).toBe('cart');
    const search = ranked.find((r) => r.service === 'search')!;
    expect(search.affectedCallers).toEqual([]);
    expect(search.features.explainsSymptoms).toBe(0.5);
  });
});

describe('latency exported as raw Prometheus histograms', () => {
  /** payments gets slow at 14:59 and checkout, its caller, with it; both export only `_bucket`/`_sum`/`_count` counters. */
  function histogramIncident() {
    const slowFrom = (at('14:59:00') - T0) / 30_000;
    return buildBundle({
      services: ['checkout'],
      topology: { services: [{ name: 'checkout', dependsOn: ['payments', 'search'] }, { name: 'payments', dependsOn: [] }, { name: 'search', dependsOn: [] }] },
      metrics: [...buildRawHistogram('payments', slowFrom), ...buildRawHistogram('checkout', slowFrom + 1), ...buildRawHistogram('search', Infinity)],
      alerts: [buildAlert('fp-checkout', 'CheckoutSlow', 'checkout', 'firing', at('15:01:00'))],
    });
  }

  it('reads them as quantiles: payments is the root, its slow tail the evidence, and the steady search shows nothing', () => {
    const analysis = analyzeIncident(histogramIncident());
    expect(analysis.ranked[0]!.service).toBe('payments');
    expect(analysis.anomalies.some((a) => /_(bucket|sum|count)$/.test(a.series.name))).toBe(false);
    expect(analysis.anomalies.some((a) => a.series.service === 'search')).toBe(false);
    const payments = analysis.anomalies.filter((a) => a.series.service === 'payments');
    expect(payments.some((a) => a.profile.family === 'latency' && a.series.labels.quantile === '0.99')).toBe(true);
  });
});
