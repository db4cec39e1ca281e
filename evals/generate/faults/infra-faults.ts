import { callersOf, serviceByName } from '../build-topology.ts';
import type { Effect, FaultContext, FaultPlan } from '../fault-types.ts';
import { bumpVersion, hhmm, ip, logPattern, MIN, pathFor, pickRoot, SEC, traceId } from './common.ts';

const ExternalHosts: Record<string, string> = {
  stripe: 'api.stripe.com', adyen: 'checkout-live.adyen.com', twilio: 'api.twilio.com', sendgrid: 'api.sendgrid.com',
  s3: 's3.us-east-1.amazonaws.com', auth0: 'example.eu.auth0.com', avalara: 'rest.avatax.com', shippo: 'api.goshippo.com',
  algolia: 'xyz-dsn.algolia.net', plaid: 'production.plaid.com', 'visa-network': 'api.visa.com', onfido: 'api.onfido.com',
  currencycloud: 'api.currencycloud.com', 'akamai-cdn': 'origin.akamaized.net', widevine: 'license.widevine.com',
  segment: 'api.segment.io', snowflake: 'acme.snowflakecomputing.com', bigquery: 'bigquery.googleapis.com',
  datadog: 'http-intake.logs.datadoghq.com', 'github-api': 'api.github.com', 'openai-api': 'api.openai.com', okta: 'acme.okta.com',
};

export function hostOf(external: string): string {
  return ExternalHosts[external] ?? `api.${external}.com`;
}

/** An outage or slowdown of a third-party dependency; only its callers' telemetry shows it. */
export function dependencyFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const withCallers = graph.externals.filter((e) => callersOf(graph, e).length > 0);
  const ext = withCallers.length > 0 ? rng.pick(withCallers) : 'stripe';
  let callers = callersOf(graph, ext);
  if (callers.length === 0) {
    const c = pickRoot(ctx, ['api']);
    c.dependsOn.push(ext);
    if (!graph.externals.includes(ext)) graph.externals.push(ext);
    callers = [c.name];
  }
  const upstreamError = rng.range(0.25, 0.9);
  const slow = rng.chance(0.4);
  const effects: Effect[] = [];
  const sources: FaultPlan['sources'] = [];
  for (const c of callers) {
    const share = rng.range(0.3, 1);
    effects.push(
      { service: c, metric: 'upstream_request_error_ratio', upstream: ext, startMs: onsetMs, rampMs: rng.int(10, 90) * SEC, recoverMs: 2 * MIN, mode: 'toward', value: upstreamError },
      { service: c, metric: 'upstream_request_duration_p99_seconds', upstream: ext, startMs: onsetMs, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'mul', value: slow ? rng.range(10, 40) : rng.range(1.5, 4) },
      { service: c, metric: 'http_request_error_ratio', startMs: onsetMs + 10 * SEC, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: upstreamError * share },
      { service: c, metric: 'http_request_duration_p99_seconds', startMs: onsetMs + 10 * SEC, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'mul', value: slow ? rng.range(3, 10) : rng.range(1, 2) },
    );
    sources.push({ service: c, error: upstreamError * share, latencyS: slow ? rng.range(2, 8) : 0.2, startMs: onsetMs + 30 * SEC });
  }
  const host = hostOf(ext);
  const failover = rng.chance(0.5);
  const first = callers[0] as string;
  const alt = { stripe: 'adyen', adyen: 'stripe', twilio: 'messagebird', sendgrid: 'ses', s3: 's3-replica-us-west-2', auth0: 'local-session-cache' }[ext] ?? `${ext}-secondary`;
  const plan: FaultPlan = {
    kind: 'dependency', root: ext, rootIsExternal: true, causeStartMs: onsetMs, onsetMs, effects, sources,
    logs: callers.map((c) => logPattern(c, 'error', onsetMs, rng.range(2, 6), (r) => ({
      msg: slow
        ? `POST https://${host}${r.pick(['/v1/charges', '/v1/messages', '/v2/objects', '/oauth/token', '/v1/items'])}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
        : `${ext} API error: ${r.pick(['503 Service Unavailable', '502 Bad Gateway', '500 Internal Server Error'])}`,
      fields: { request_id: `req_${r.alnum(14)}`, elapsed_ms: slow ? r.int(9000, 30000) : r.int(40, 900), upstream: ext },
    }))),
    upstreamError: (r, callee) => r.pick([`${callee} returned 502`, `call to ${callee} failed: upstream error`]),
    mitigation: failover ? {
      action: `failing ${first} over from ${ext} to ${alt}`,
      change: { id: ctx.nextChangeId(), type: 'feature_flag', service: first, source: 'launchdarkly',
        data: { environment: 'production', flag: `${first}-${ext}-failover`, enabled: true, description: `Route ${first} traffic to ${alt}` } },
    } : { action: `waiting on ${ext}; their status page says they are recovering`, selfHealAfterMs: rng.int(20, 70) * MIN },
    remediation: failover ? [{ action: 'failover', service: first, provider: alt }] : [],
    contributing: [],
    findings: [
      `${callers.join(', ')} ${callers.length === 2 ? 'both ' : callers.length > 2 ? 'all ' : ''}show ${ext} calls failing since ${hhmm(onsetMs)}`,
      `${ext} status page: "Elevated error rates on API requests", investigating`,
      `nothing changed on our side, it's ${ext}`,
    ],
    description: `${ext} ${slow ? 'times out' : 'returns 5xx'}; callers ${callers.join(', ')} fail.`,
    extraRules: callers.map((c) => ({ alertname: 'UpstreamErrorRateHigh', service: c, metric: 'upstream_request_error_ratio', upstream: ext, threshold: 0.1, forSeconds: 180, severity: 'critical' as const, summary: `${c} calls to ${ext} failing` })),
    rootShowsErrors: false, tags: ['external-dependency'],
  };
  return plan;
}

/** Network trouble at one service: a security-group or mesh change, or packet loss in a zone. */
export function networkFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const root = pickRoot(ctx, ['api'], (s) => s.dependsOn.some((d) => serviceByName(graph, d) !== undefined));
  const deps = root.dependsOn.filter((d) => serviceByName(graph, d) !== undefined);
  // pickRoot falls back to any api when none has a dependency (small topologies): its messages then name itself.
  const named = deps.length ? deps : [root.name];
  const variant = rng.pick(['security-group', 'mesh-upgrade', 'zone-loss', 'dns'] as const);
  const error = rng.range(0.08, 0.6);
  const effects: Effect[] = [
    { service: root.name, metric: 'http_request_error_ratio', startMs: onsetMs, rampMs: rng.int(5, 60) * SEC, recoverMs: 90 * SEC, mode: 'toward', value: error },
    { service: root.name, metric: 'http_request_duration_p99_seconds', startMs: onsetMs, rampMs: 30 * SEC, recoverMs: 90 * SEC, mode: 'mul', value: rng.range(2, 8) },
    ...deps.map((d) => ({ service: root.name, metric: 'upstream_request_error_ratio', upstream: d, startMs: onsetMs, rampMs: 30 * SEC, recoverMs: 90 * SEC, mode: 'toward' as const, value: Math.min(0.95, error * 1.3) })),
    ...deps.map((d) => ({ service: root.name, metric: 'upstream_request_duration_p99_seconds', upstream: d, startMs: onsetMs, rampMs: 30 * SEC, recoverMs: 90 * SEC, mode: 'mul' as const, value: rng.range(5, 20) })),
  ];
  const change = variant === 'security-group' || variant === 'mesh-upgrade' ? {
    id: ctx.nextChangeId(), type: 'infra', service: root.name, timeMs: onsetMs - rng.int(10, 150) * SEC, source: 'terraform',
    data: variant === 'security-group'
      ? { environment: 'production', resource: `aws_security_group.${root.name.replace(/-/g, '_')}_egress`, author: rng.pick(ctx.people).handle, description: `Tighten egress rules for ${root.name}` }
      : { environment: 'production', resource: 'istio-sidecar', ...bumpVersion(rng), author: rng.pick(ctx.people).handle, description: `Upgrade sidecar for ${root.name} namespace` },
  } : undefined;
  const msg = {
    'security-group': (r: typeof rng) => `dial tcp ${ip(r)}:${r.pick([5432, 6379, 8080, 443])}: i/o timeout`,
    'mesh-upgrade': (r: typeof rng) => `upstream connect error or disconnect/reset before headers. reset reason: connection termination (${r.pick(named)})`,
    'zone-loss': (r: typeof rng) => `read tcp ${ip(r)}:${r.int(30000, 60000)}->${ip(r)}:8080: read: connection reset by peer`,
    dns: (r: typeof rng) => `dial tcp: lookup ${r.pick(named)}.prod.svc.cluster.local on 10.96.0.10:53: read udp ${ip(r)}:${r.int(30000, 60000)}->10.96.0.10:53: i/o timeout`,
  }[variant];
  const plan: FaultPlan = {
    kind: 'network', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, effects,
    sources: [{ service: root.name, error, latencyS: rng.range(0.5, 3), startMs: onsetMs + 15 * SEC }],
    logs: [logPattern(root.name, 'error', onsetMs, rng.range(3, 8), (r) => ({ msg: msg(r), fields: { trace_id: traceId(r), path: pathFor(root.name, r) } }))],
    upstreamError: (r, callee) => r.pick([`${callee} timed out after ${r.int(2000, 10000)}ms`, `${callee} returned 504 Gateway Timeout`]),
    mitigation: change
      ? { action: `reverting ${variant === 'security-group' ? 'the security group change' : 'the sidecar upgrade'} for ${root.name}`,
        change: { id: ctx.nextChangeId(), type: 'infra', service: root.name, source: 'terraform', data: { environment: 'production', description: `Revert: ${change.data.description}` } } }
      : { action: variant === 'dns' ? `restarting CoreDNS and bouncing ${root.name} pods` : `draining ${root.name} out of us-east-1b`,
        change: { id: ctx.nextChangeId(), type: 'infra', service: root.name, source: 'kubectl', data: { environment: 'production', description: variant === 'dns' ? 'Restart coredns, rollout restart' : 'Cordon and drain us-east-1b nodes' } } },
    remediation: [{ action: change ? 'rollback-infra' : variant === 'dns' ? 'restart' : 'drain-zone', service: root.name }],
    contributing: [],
    findings: [
      `${root.name} can't reach its dependencies: \`${msg(rng)}\``,
      `but ${deps.slice(0, 2).join(' and ')} look perfectly healthy from everywhere else`,
      change ? `terraform applied "${change.data.description}" at ${hhmm(change.timeMs)}` : variant === 'dns' ? 'DNS lookups from that node pool time out' : `only pods in us-east-1b are affected, packet loss in that zone`,
    ],
    description: `Network problem at ${root.name} (${variant}); its calls to ${deps.join(', ')} fail.`,
    extraRules: [], rootShowsErrors: true, tags: [],
  };
  if (change) plan.rootChange = change;
  return plan;
}

/** A slow memory leak that ends in OOM kills hours after it started. */
export function resourceLeakFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs } = ctx;
  const root = pickRoot(ctx, ['api', 'worker']);
  const leakMs = rng.int(100, 300) * MIN;
  const causeStartMs = onsetMs - leakMs;
  const error = rng.range(0.05, 0.35);
  const runtime = rng.pick(['jvm', 'node', 'go'] as const);
  const oom = { jvm: 'java.lang.OutOfMemoryError: Java heap space', node: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', go: 'fatal error: runtime: out of memory' }[runtime];
  const withDeploy = rng.chance(0.5);
  const v = bumpVersion(rng);
  const effects: Effect[] = [
    { service: root.name, metric: 'process_memory_bytes', startMs: causeStartMs, rampMs: leakMs, recoverMs: 2 * MIN, mode: 'toward', value: 0.97, sawtoothMs: rng.int(4, 10) * MIN },
    { service: root.name, metric: 'http_request_error_ratio', startMs: onsetMs, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'toward', value: error },
    { service: root.name, metric: 'http_request_duration_p99_seconds', startMs: onsetMs - 20 * MIN, rampMs: 20 * MIN, recoverMs: 2 * MIN, mode: 'mul', value: rng.range(2, 5) },
    { service: root.name, metric: 'process_cpu_utilization', startMs: onsetMs - 30 * MIN, rampMs: 30 * MIN, recoverMs: 2 * MIN, mode: 'toward', value: rng.range(0.7, 0.9) },
  ];
  const plan: FaultPlan = {
    kind: 'resource-leak', root: root.name, rootIsExternal: false, causeStartMs, onsetMs, effects,
    sources: [{ service: root.name, error, latencyS: rng.range(0.5, 2), startMs: onsetMs }],
    logs: [
      logPattern(root.name, 'warn', onsetMs - 40 * MIN, rng.range(0.3, 1), (r) => ({ msg: runtime === 'jvm' ? `GC pause (G1 Evacuation Pause) ${r.int(800, 4000)}ms, heap ${r.int(88, 97)}% after GC` : runtime === 'node' ? `event loop lag ${r.int(300, 3000)}ms, heapUsed=${r.int(1700, 1990)}MB` : `gc ${r.int(100, 999)} @${r.int(1000, 9000)}s: ${r.int(30, 90)}% CPU, heap ${r.int(1800, 1990)}MB`, fields: { pod: `${root.name}-${r.hex(5)}` } })),
      logPattern(root.name, 'error', onsetMs, rng.range(1, 3), (r) => ({ msg: r.chance(0.5) ? oom : `container ${root.name} OOMKilled (exit code 137), restart count ${r.int(1, 30)}`, fields: { pod: `${root.name}-${r.hex(5)}` } })),
    ],
    upstreamError: (r, callee) => r.pick([`${callee}: connection refused`, `${callee} returned 503: no healthy upstream`, `${callee}: EOF`]),
    mitigation: withDeploy
      ? { action: `rolling ${root.name} back to ${v.previousVersion} (the leak came in with ${v.version})`,
        change: { id: ctx.nextChangeId(), type: 'rollback', service: root.name, source: 'argocd', data: { environment: 'production', version: v.previousVersion, previousVersion: v.version, description: `Rollback ${root.name} to ${v.previousVersion}` } } }
      : { action: `rolling restart of ${root.name} and raising its memory limit to 4Gi`,
        change: { id: ctx.nextChangeId(), type: 'config', service: root.name, source: 'argocd', data: { environment: 'production', key: 'resources.limits.memory', oldValue: '2Gi', newValue: '4Gi', description: `Raise ${root.name} memory limit, rolling restart` } } },
    remediation: withDeploy ? [{ action: 'rollback', service: root.name, version: v.previousVersion }] : [{ action: 'restart', service: root.name }],
    contributing: [],
    findings: [
      `${root.name} pods are OOMKilled and restarting every few minutes`,
      `${root.name} memory has been climbing in a straight line since ~${hhmm(causeStartMs)}`,
      withDeploy ? `the climb starts right at the ${v.version} deploy` : `it's a leak, heap never goes down after GC`,
    ],
    description: `Memory leak in ${root.name}${withDeploy ? ` introduced by ${v.version}` : ''}: memory climbs for ${Math.round(leakMs / 60000)} min, then OOM kills.`,
    extraRules: [{ alertname: 'ContainerMemoryNearLimit', service: root.name, metric: 'process_memory_bytes', threshold: 0.9, forSeconds: 600, severity: 'warning', summary: `${root.name} memory above 90% of its limit` }],
    rootShowsErrors: true, tags: ['slow-cause'],
  };
  if (withDeploy) {
    plan.rootChange = { id: ctx.nextChangeId(), type: 'deploy', service: root.name, timeMs: causeStartMs - rng.int(1, 10) * MIN, source: 'argocd',
      data: { environment: 'production', ...v, author: rng.pick(ctx.people).handle, description: rng.pick(['Cache parsed templates in memory', 'Add per-tenant metrics', 'Keep websocket sessions in a map', 'Memoize pricing lookups']) } };
  }
  return plan;
}

/** Errors that come and go with no change, no telling log line and no known cause. */
export function unknownFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs } = ctx;
  const root = pickRoot(ctx, ['api']);
  const error = rng.range(0.05, 0.3);
  return {
    kind: 'unknown', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs,
    effects: [
      { service: root.name, metric: 'http_request_error_ratio', startMs: onsetMs, rampMs: rng.int(10, 60) * SEC, recoverMs: rng.int(1, 4) * MIN, mode: 'toward', value: error },
      { service: root.name, metric: 'http_request_duration_p99_seconds', startMs: onsetMs, rampMs: 60 * SEC, recoverMs: 2 * MIN, mode: 'mul', value: rng.range(1.2, 2.5) },
    ],
    sources: [{ service: root.name, error, latencyS: rng.range(0, 0.5), startMs: onsetMs }],
    logs: [logPattern(root.name, 'error', onsetMs, rng.range(1, 3), (r) => ({ msg: r.pick(['internal server error', 'request failed', 'unexpected error, see trace']), fields: { trace_id: traceId(r), status: 500 } }))],
    upstreamError: (r, callee) => `${callee} returned ${r.pick([500, 502])}`,
    mitigation: { action: `nothing: ${root.name} errors stopped on their own`, selfHealAfterMs: rng.int(6, 25) * MIN },
    remediation: [],
    contributing: [],
    findings: [`the errors come from ${root.name}, but nothing changed there and the logs say nothing useful`, `${root.name} recovered by itself, we don't know why yet`],
    description: `${root.name} returns errors for a while and recovers on its own; no cause found.`,
    extraRules: [], rootShowsErrors: true, tags: [],
  };
}
