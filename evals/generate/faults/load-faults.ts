import { ancestorsOf, callersOf, serviceByName } from '../build-topology.ts';
import type { Effect, FaultContext, FaultPlan } from '../fault-types.ts';
import { hhmm, ip, logPattern, MIN, pickRoot, SEC, traceId } from './common.ts';

/** Traffic surge beyond what the bottleneck service can serve. */
export function capacityFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const root = pickRoot(ctx, ['api']);
  const surge = rng.range(2, 4.5);
  const rampMs = rng.int(3, 12) * MIN;
  const saturateAt = onsetMs + Math.round(rampMs * rng.range(0.4, 0.8));
  const path = [root.name, ...ancestorsOf(graph, root.name).map((a) => a.name)];
  const cause = rng.pick(['a marketing push notification to all users', 'a flash sale that went live', 'a partner batch integration hammering the API', 'a TV ad airing', 'a retry loop in the mobile app release']);
  const error = rng.range(0.04, 0.3);
  const replicas = rng.int(4, 12);
  const effects: Effect[] = [
    ...path.map((s) => ({ service: s, metric: 'http_requests_per_second', startMs: onsetMs, rampMs, recoverMs: 15 * MIN, endMs: undefined, mode: 'mul' as const, value: surge })),
    { service: root.name, metric: 'process_cpu_utilization', startMs: onsetMs, rampMs: saturateAt - onsetMs, recoverMs: 3 * MIN, mode: 'toward', value: 0.97 },
    { service: root.name, metric: 'http_request_duration_p99_seconds', startMs: saturateAt, rampMs: 2 * MIN, recoverMs: 3 * MIN, mode: 'mul', value: rng.range(3, 9) },
    { service: root.name, metric: 'http_request_error_ratio', startMs: saturateAt, rampMs: 2 * MIN, recoverMs: 3 * MIN, mode: 'toward', value: error },
  ];
  return {
    kind: 'capacity', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, effects,
    sources: [{ service: root.name, error, latencyS: rng.range(0.5, 3), startMs: saturateAt }],
    logs: [
      logPattern(root.name, 'warn', saturateAt - 2 * MIN, rng.range(1, 3), (r) => ({ msg: `worker pool saturated: ${r.int(240, 256)}/256 busy, queue=${r.int(200, 4000)}` })),
      logPattern(root.name, 'error', saturateAt, rng.range(2, 5), (r) => ({ msg: r.pick(['rejecting request: concurrency limit reached', 'upstream connect error or disconnect/reset before headers. reset reason: overflow', 'request queue full, returning 503']), fields: { trace_id: traceId(r), inflight: r.int(256, 900) } })),
    ],
    upstreamError: (r, callee) => r.pick([`${callee} returned 503: service overloaded`, `timeout after ${r.int(1000, 5000)}ms calling ${callee}`, `${callee}: 429 Too Many Requests`]),
    mitigation: {
      action: `scaling ${root.name} from ${replicas} to ${replicas * 3} replicas`,
      change: { id: ctx.nextChangeId(), type: 'scale', service: root.name, source: 'kubectl',
        data: { environment: 'production', replicas: replicas * 3, previousReplicas: replicas, description: `Scale ${root.name} ${replicas} → ${replicas * 3}` } },
    },
    remediation: [{ action: 'scale', service: root.name, replicas: String(replicas * 3) }],
    contributing: [],
    findings: [
      `traffic is ${surge.toFixed(1)}x normal since ${hhmm(onsetMs)}, looks like ${cause}`,
      `${root.name} CPU pinned at 97%, it's the bottleneck, everything upstream is just waiting on it`,
    ],
    description: `Traffic surge (${cause}) saturates ${root.name}.`,
    extraRules: [{ alertname: 'CPUThrottlingHigh', service: root.name, metric: 'process_cpu_utilization', threshold: 0.9, forSeconds: 300, severity: 'warning', summary: `${root.name} CPU above 90% for 5m` }],
    rootShowsErrors: true, tags: [],
  };
}

/** A brief blip in a dependency turned into a sustained outage by a caller's aggressive retries. */
export function retryStormFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const root = pickRoot(ctx, ['api', 'edge'], (s) => s.dependsOn.some((d) => {
    const dep = serviceByName(graph, d);
    return dep !== undefined && (dep.role === 'api' || dep.role === 'datastore');
  }));
  const depName = root.dependsOn.find((d) => {
    const dep = serviceByName(graph, d);
    return dep !== undefined && (dep.role === 'api' || dep.role === 'datastore');
  }) ?? root.dependsOn[0] ?? root.name;
  const blipMs = rng.int(30, 90) * SEC;
  const factor = rng.range(3, 8);
  const depError = rng.range(0.15, 0.5);
  const rootError = Math.min(0.95, depError * rng.range(1.3, 2.2));
  const hasConfig = rng.chance(0.5);
  const configAt = onsetMs - rng.int(20, 150) * MIN;
  const stormAt = onsetMs + rng.int(10, 30) * SEC;
  const effects: Effect[] = [
    { service: depName, metric: 'http_request_error_ratio', startMs: onsetMs, rampMs: 5 * SEC, endMs: onsetMs + blipMs, recoverMs: 10 * SEC, mode: 'toward', value: rng.range(0.3, 0.8) },
    { service: depName, metric: 'http_requests_per_second', startMs: stormAt, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'mul', value: factor },
    { service: depName, metric: 'process_cpu_utilization', startMs: stormAt, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: 0.98 },
    { service: depName, metric: 'http_request_error_ratio', startMs: onsetMs + blipMs, rampMs: 30 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: depError },
    { service: depName, metric: 'http_request_duration_p99_seconds', startMs: stormAt, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'mul', value: rng.range(4, 10) },
    { service: root.name, metric: 'http_request_error_ratio', startMs: stormAt, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: rootError },
    { service: root.name, metric: 'upstream_request_error_ratio', upstream: depName, startMs: onsetMs, rampMs: 30 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: Math.min(0.95, depError * 1.5) },
    { service: root.name, metric: 'process_cpu_utilization', startMs: stormAt, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: rng.range(0.6, 0.85) },
  ];
  const maxAttempts = rng.pick([8, 10, 20]);
  const plan: FaultPlan = {
    kind: 'retry-storm', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, effects,
    sources: [
      { service: root.name, error: rootError, latencyS: rng.range(1, 4), startMs: stormAt },
      { service: depName, error: depError, latencyS: rng.range(0.5, 2), startMs: stormAt },
    ],
    logs: [
      logPattern(root.name, 'warn', onsetMs + 5 * SEC, rng.range(4, 9), (r) => ({ msg: `retrying request to ${depName} (attempt ${r.int(2, maxAttempts)}/${maxAttempts}) after error: ${r.pick(['503 Service Unavailable', 'context deadline exceeded', 'connection refused'])}`, fields: { backoff_ms: 0, trace_id: traceId(r) } })),
      logPattern(depName, 'error', stormAt, rng.range(2, 5), (r) => ({ msg: `load shedding: dropping request, inflight=${r.int(900, 4000)} limit=512`, fields: { caller: root.name } })),
    ],
    upstreamError: (r, callee) => r.pick([`call to ${callee} failed after ${r.int(3, maxAttempts)} attempts: 503`, `${callee}: deadline exceeded after retries`]),
    mitigation: {
      action: `disabling retries from ${root.name} to ${depName} (kill switch) so ${depName} can recover`,
      change: { id: ctx.nextChangeId(), type: 'config', service: root.name, source: 'consul',
        data: { environment: 'production', key: `clients.${depName}.retry.max_attempts`, oldValue: String(maxAttempts), newValue: '1', description: `Disable retries to ${depName}` } },
    },
    remediation: [{ action: 'disable-retries', service: root.name, upstream: depName }, { action: 'scale', service: depName }],
    contributing: [{ service: depName, kind: 'capacity' }],
    findings: [
      `${depName} had a short blip at ${hhmm(onsetMs)} but never recovered: it gets ${factor.toFixed(0)}x its normal traffic`,
      `all that extra traffic comes from ${root.name}, it retries ${maxAttempts} times with no backoff`,
      `this is a retry storm, ${depName} can't recover while ${root.name} keeps hammering it`,
    ],
    description: `A ${Math.round(blipMs / 1000)}s blip in ${depName} turns into a sustained outage through ${root.name}'s retries (${maxAttempts} attempts, no backoff).`,
    extraRules: [], rootShowsErrors: true, tags: ['retry-amplification'],
  };
  if (hasConfig) {
    plan.rootChange = {
      id: ctx.nextChangeId(), type: 'config', service: root.name, timeMs: configAt, source: 'consul',
      data: { environment: 'production', key: `clients.${depName}.retry.max_attempts`, oldValue: '3', newValue: String(maxAttempts), author: rng.pick(ctx.people).handle,
        description: `Raise retry attempts to ${depName}, disable backoff` },
    };
    plan.tags.push('slow-cause');
  }
  return plan;
}

/** An attack: credential stuffing or scraping against an edge or auth service. */
export function securityFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const auth = graph.services.find((s) => /^auth$|login|gateway/.test(s.name) && callersOf(graph, s.name).length > 0);
  const root = auth ?? pickRoot(ctx, ['edge', 'api']);
  const cidr = `${ip(rng, false).split('.').slice(0, 3).join('.')}.0/24`;
  const surge = rng.range(3, 12);
  const error = rng.range(0.05, 0.35);
  const attack = rng.pick(['credential stuffing', 'scraping', 'card testing']);
  const effects: Effect[] = [
    { service: root.name, metric: 'http_requests_per_second', startMs: onsetMs, rampMs: rng.int(30, 180) * SEC, recoverMs: 60 * SEC, mode: 'mul', value: surge },
    { service: root.name, metric: 'process_cpu_utilization', startMs: onsetMs, rampMs: 2 * MIN, recoverMs: 2 * MIN, mode: 'toward', value: rng.range(0.85, 0.98) },
    { service: root.name, metric: 'http_request_error_ratio', startMs: onsetMs + 60 * SEC, rampMs: 2 * MIN, recoverMs: 2 * MIN, mode: 'toward', value: error },
    { service: root.name, metric: 'http_request_duration_p99_seconds', startMs: onsetMs + 60 * SEC, rampMs: 2 * MIN, recoverMs: 2 * MIN, mode: 'mul', value: rng.range(2, 5) },
  ];
  const domain = graph.domain.replace(/^[a-z]+\./, '');
  return {
    kind: 'security', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, effects,
    sources: [{ service: root.name, error, latencyS: rng.range(0.3, 1.5), startMs: onsetMs + 60 * SEC }],
    logs: [
      logPattern(root.name, 'warn', onsetMs, rng.range(6, 14), (r) => ({ msg: attack === 'scraping' ? `high request rate from client` : 'failed login', fields: { user: `${r.alnum(6, 'abcdefghijklmnopqrstuvwxyz')}${r.int(1, 999)}@${r.pick(['gmail.com', 'yahoo.com', 'mail.ru', domain])}`, ip: `${cidr.slice(0, -4)}${r.int(1, 254)}`, reason: attack === 'card testing' ? 'card_declined' : 'invalid_password' } })),
      logPattern(root.name, 'error', onsetMs + 2 * MIN, rng.range(0.5, 2), (r) => ({ msg: `suspicious activity: ${r.int(2000, 9000)} failed attempts from ${cidr} in 60s`, fields: { rule: 'anomaly-login-rate' } })),
    ],
    upstreamError: (r, callee) => r.pick([`${callee} timed out after ${r.int(1000, 5000)}ms`, `${callee} returned 503`]),
    mitigation: {
      action: `adding a WAF rule to block ${cidr} in front of ${root.name}`,
      change: { id: ctx.nextChangeId(), type: 'config', service: root.name, source: rng.pick(['cloudflare', 'aws-waf']),
        data: { environment: 'production', rule: `block-${cidr}`, description: `WAF: block ${cidr} (${attack})` } },
    },
    remediation: [{ action: 'block-ips', service: root.name, cidr }],
    contributing: [],
    findings: [
      `${root.name} traffic is ${surge.toFixed(0)}x normal, almost all of it from ${cidr}`,
      `this is ${attack}: thousands of failed attempts per minute from a handful of IPs`,
    ],
    title: attack === 'scraping' ? 'Traffic spike and slow responses on the public API' : 'Spike in failed logins, login slow for customers',
    description: `${attack} attack from ${cidr} against ${root.name}.`,
    extraRules: [], rootShowsErrors: true, tags: [],
  };
}

/** Cloud spend creeping up: debug logging, a runaway autoscaler, a backfill job. */
export function costFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs } = ctx;
  const root = pickRoot(ctx, ['api', 'worker', 'datastore']);
  const variant = rng.pick(['debug-logs', 'autoscaler', 'backfill', 'egress'] as const);
  const factor = rng.range(3, 9);
  const rampMs = rng.int(40, 120) * MIN;
  const changeId = ctx.nextChangeId();
  const author = rng.pick(ctx.people).handle;
  const variants = {
    'debug-logs': { type: 'config', data: { key: 'log.level', oldValue: 'info', newValue: 'debug', description: 'Set log level to debug to chase a bug' }, fix: 'setting log.level back to info', finding: `log volume from ${root.name} is 40x since someone set log.level=debug` },
    autoscaler: { type: 'scale', data: { maxReplicas: 200, previousMaxReplicas: 20, description: 'Raise HPA max replicas' }, fix: `capping the ${root.name} HPA back to 20 replicas`, finding: `${root.name} scaled out to ~180 pods, the HPA max was raised to 200` },
    backfill: { type: 'job', data: { job: `${root.name}-backfill`, description: 'Backfill 18 months of history' }, fix: `pausing the ${root.name} backfill job`, finding: `the ${root.name} backfill job is scanning everything on on-demand instances` },
    egress: { type: '', data: {}, fix: `moving ${root.name}'s bucket reads to the same region`, finding: `${root.name} started reading from the us-west-2 bucket, cross-region egress is through the roof` },
  }[variant];
  const plan: FaultPlan = {
    kind: 'cost', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs,
    effects: [
      { service: root.name, metric: 'cloud_cost_usd_per_hour', startMs: onsetMs, rampMs, recoverMs: 20 * MIN, mode: 'mul', value: factor },
      ...(variant === 'autoscaler' || variant === 'backfill'
        ? [{ service: root.name, metric: 'process_cpu_utilization', startMs: onsetMs, rampMs, recoverMs: 10 * MIN, mode: 'mul' as const, value: variant === 'autoscaler' ? 0.5 : 1.8 }]
        : []),
    ],
    sources: [],
    logs: variant === 'debug-logs'
      ? [logPattern(root.name, 'info', onsetMs, 8, (r) => ({ msg: `DEBUG cache lookup key=${r.hex(12)} hit=${r.chance(0.5)} took=${r.int(0, 9)}ms` }))]
      : variant === 'autoscaler'
        ? [logPattern(root.name, 'info', onsetMs, 0.3, (r) => ({ msg: `horizontal-pod-autoscaler: New size: ${r.int(30, 190)}; reason: cpu resource utilization (percentage of request) above target` }))]
        : [logPattern(root.name, 'info', onsetMs, 0.5, (r) => ({ msg: variant === 'backfill' ? `backfill progress: partition ${r.int(1, 540)}/540` : `GetObject s3://${root.name}-data-us-west-2/${r.hex(8)} bytes=${r.int(1e6, 9e8)}` }))],
    upstreamError: (_r, callee) => `${callee} slow`,
    mitigation: {
      action: variant === 'egress' ? variants.fix : variants.fix,
      change: variant === 'egress' ? undefined : { id: ctx.nextChangeId(), type: variants.type, service: root.name, source: 'terraform',
        data: { environment: 'production', description: `Revert: ${variants.data.description as string}` } },
    } as FaultPlan['mitigation'],
    remediation: [{ action: variant === 'autoscaler' ? 'scale' : variant === 'backfill' ? 'stop-job' : 'revert-config', service: root.name }],
    contributing: [],
    findings: [variants.finding, `cloud cost for ${root.name} went from normal to ${factor.toFixed(0)}x per hour starting ~${hhmm(onsetMs)}`],
    title: rng.pick(['Cloud spend anomaly in production', 'AWS cost alert: hourly spend way above baseline', 'FinOps: unexpected cost increase']),
    description: `Cloud cost of ${root.name} climbs ${factor.toFixed(1)}x (${variant}).`,
    extraRules: [{ alertname: 'CloudCostAnomaly', service: root.name, metric: 'cloud_cost_usd_per_hour', threshold: 2.2, relative: true, forSeconds: 1800, severity: 'warning', summary: `${root.name} hourly cost above 2x its 7-day baseline` }],
    rootShowsErrors: false, tags: ['slow-cause'],
  };
  if (variant !== 'egress') {
    plan.rootChange = { id: changeId, type: variants.type, service: root.name, timeMs: onsetMs - rng.int(1, 5) * MIN, source: variant === 'backfill' ? 'airflow' : 'terraform', data: { environment: 'production', author, ...variants.data } };
  }
  if (plan.mitigation.change === undefined) delete plan.mitigation.change;
  return plan;
}
