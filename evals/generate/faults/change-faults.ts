import { callersOf } from '../build-topology.ts';
import type { FaultContext, FaultPlan } from '../fault-types.ts';
import {
  bumpVersion, Exceptions, failureEffects, hhmm, ip, logPattern, MIN, pathFor, pickRoot, SEC, traceId,
} from './common.ts';

const DeployReasons = [
  'Bump payment client library', 'Refactor order serialization', 'Add support for gift cards', 'Upgrade runtime to node 20',
  'Migrate to new pricing API', 'Remove legacy v1 endpoint', 'Enable HTTP/2 keepalive', 'Switch JSON encoder',
  'Add tenant_id to request context', 'Batch writes to reduce db load', 'Update protobuf definitions',
];

function author(ctx: FaultContext): string {
  return ctx.rng.pick(ctx.people).handle;
}

function baseUpstreamError(ctx: FaultContext) {
  return (rng: typeof ctx.rng, callee: string) => rng.pick([
    `upstream ${callee} returned 500 Internal Server Error`,
    `call to ${callee} failed: 503 Service Unavailable`,
    `${callee}: unexpected status 502 from ${callee}.prod.svc.cluster.local`,
  ]);
}

/** A bad deploy: errors (and latency) right after the rollout. */
export function deployFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs } = ctx;
  const root = pickRoot(ctx, ['api', 'edge']);
  const changeAt = onsetMs - rng.int(20, 240) * SEC;
  const v = bumpVersion(rng);
  const reason = rng.pick(DeployReasons);
  const exception = rng.pick(Exceptions);
  const error = rng.range(0.06, 0.55);
  const change = {
    id: ctx.nextChangeId(), type: 'deploy', service: root.name, timeMs: changeAt,
    source: rng.pick(['argocd', 'spinnaker', 'github-actions']),
    data: { environment: 'production', ...v, author: author(ctx), description: reason },
  };
  const sample = exception(rng);
  return {
    kind: 'deploy', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, rootChange: change,
    effects: failureEffects(root.name, onsetMs, rng.int(20, 120) * SEC, error, rng.range(1, 2.5), rng.int(60, 240) * SEC),
    sources: [{ service: root.name, error, latencyS: rng.range(0, 0.8), startMs: onsetMs }],
    logs: [logPattern(root.name, 'error', onsetMs, rng.range(2, 6), (r) => ({
      msg: `unhandled error in request handler: ${exception(r)}`,
      fields: { path: pathFor(root.name, r), trace_id: traceId(r), version: v.version },
    }))],
    upstreamError: baseUpstreamError(ctx),
    mitigation: {
      action: `rolling back ${root.name} to ${v.previousVersion}`,
      change: { id: ctx.nextChangeId(), type: 'rollback', service: root.name, source: change.source,
        data: { environment: 'production', version: v.previousVersion, previousVersion: v.version, description: `Rollback ${root.name} to ${v.previousVersion}` } },
    },
    remediation: [{ action: 'rollback', service: root.name, environment: 'production', version: v.previousVersion }],
    contributing: [],
    findings: [
      `${root.name} started throwing right after the ${v.version} deploy at ${hhmm(changeAt)}`,
      `${root.name} logs: \`${sample}\` on every other request`,
      `the ${v.version} diff ("${reason}") touches exactly that code path`,
    ],
    description: `Deploy ${v.version} of ${root.name} ("${reason}") throws ${sample.split(':')[0]}.`,
    extraRules: [], rootShowsErrors: true, tags: [],
  };
}

const ConfigChanges = [
  { key: 'http.client.timeout_ms', from: '3000', to: '300', err: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)', latency: 0.6 },
  { key: 'db.pool.max_size', from: '50', to: '5', err: 'timeout acquiring connection from pool after 5000ms (pool size 5, waiting 212)', latency: 4 },
  { key: 'ratelimit.requests_per_second', from: '800', to: '80', err: 'rate limit exceeded, returning 429', latency: 1 },
  { key: 'cache.ttl_seconds', from: '300', to: '0', err: 'cache bypassed: ttl=0, backend request failed: timeout', latency: 3 },
  { key: 'grpc.max_receive_message_bytes', from: '16777216', to: '65536', err: 'rpc error: code = ResourceExhausted desc = grpc: received message larger than max (412133 vs. 65536)', latency: 1 },
  { key: 'tls.min_version', from: '1.2', to: '1.3', err: 'tls: protocol version not supported by peer', latency: 1 },
];

/** A bad configuration push. */
export function configFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs } = ctx;
  const root = pickRoot(ctx, ['api', 'edge', 'worker']);
  const cfg = rng.pick(ConfigChanges);
  const changeAt = onsetMs - rng.int(10, 180) * SEC;
  const error = rng.range(0.05, 0.45);
  const change = {
    id: ctx.nextChangeId(), type: 'config', service: root.name, timeMs: changeAt,
    source: rng.pick(['consul', 'config-service', 'argocd', 'terraform']),
    data: { environment: 'production', key: cfg.key, oldValue: cfg.from, newValue: cfg.to, author: author(ctx),
      description: `Set ${cfg.key}=${cfg.to}` },
  };
  return {
    kind: 'config', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, rootChange: change,
    effects: failureEffects(root.name, onsetMs, rng.int(10, 90) * SEC, error, 1 + cfg.latency, rng.int(60, 180) * SEC),
    sources: [{ service: root.name, error, latencyS: cfg.latency * 0.3, startMs: onsetMs }],
    logs: [logPattern(root.name, 'error', onsetMs, rng.range(2, 6), (r) => ({
      msg: cfg.err, fields: { path: pathFor(root.name, r), trace_id: traceId(r), elapsed_ms: r.int(5, 5200) },
    }))],
    upstreamError: baseUpstreamError(ctx),
    mitigation: {
      action: `reverting ${cfg.key} on ${root.name} back to ${cfg.from}`,
      change: { id: ctx.nextChangeId(), type: 'config', service: root.name, source: change.source,
        data: { environment: 'production', key: cfg.key, oldValue: cfg.to, newValue: cfg.from, description: `Revert ${cfg.key}` } },
    },
    remediation: [{ action: 'revert-config', service: root.name, key: cfg.key, value: cfg.from }],
    contributing: [],
    findings: [
      `someone changed ${cfg.key} on ${root.name} from ${cfg.from} to ${cfg.to} at ${hhmm(changeAt)}`,
      `${root.name} logs: \`${cfg.err}\``,
    ],
    description: `Config push on ${root.name}: ${cfg.key} ${cfg.from} → ${cfg.to}.`,
    extraRules: [], rootShowsErrors: true, tags: [],
  };
}

const Flags = ['new-pricing-engine', 'checkout-v2-flow', 'async-order-writes', 'graphql-gateway', 'smart-retries',
  'new-recs-model', 'bulk-ledger-posting', 'edge-caching-v3', 'strict-validation', 'parallel-fanout'];

/** A feature flag turned on (sometimes in two rollout steps). */
export function featureFlagFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs } = ctx;
  const root = pickRoot(ctx, ['api', 'edge']);
  const flag = rng.pick(Flags);
  const rollout = rng.pick([25, 50, 100]);
  const changeAt = onsetMs - rng.int(5, 90) * SEC;
  const error = rng.range(0.05, 0.5) * (rollout / 100 + 0.3);
  const source = rng.pick(['launchdarkly', 'unleash', 'flagsmith']);
  const change = {
    id: ctx.nextChangeId(), type: 'feature_flag', service: root.name, timeMs: changeAt, source,
    data: { environment: 'production', flag, enabled: true, rollout, previousRollout: 0, author: author(ctx),
      description: `Enable ${flag} for ${rollout}% of traffic` },
  };
  const extra = [];
  if (rng.chance(0.4)) {
    extra.push({ id: ctx.nextChangeId(), type: 'feature_flag', service: root.name, timeMs: changeAt - rng.int(30, 120) * MIN, source,
      data: { environment: 'staging', flag, enabled: true, rollout: 100, author: change.data.author, description: `Enable ${flag} in staging` } });
  }
  const sample = rng.pick(Exceptions)(rng);
  return {
    kind: 'feature-flag', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, rootChange: change,
    extraChanges: extra,
    effects: failureEffects(root.name, onsetMs, rng.int(10, 60) * SEC, error, rng.range(1, 2), rng.int(30, 120) * SEC),
    sources: [{ service: root.name, error, latencyS: rng.range(0, 0.3), startMs: onsetMs }],
    logs: [logPattern(root.name, 'error', onsetMs, rng.range(1.5, 5), (r) => ({
      msg: `${flag} code path failed: ${sample}`, fields: { flag, trace_id: traceId(r), user_bucket: r.int(0, 99) },
    }))],
    upstreamError: baseUpstreamError(ctx),
    mitigation: {
      action: `turning off ${flag} on ${root.name}`,
      change: { id: ctx.nextChangeId(), type: 'feature_flag', service: root.name, source,
        data: { environment: 'production', flag, enabled: false, rollout: 0, previousRollout: rollout, description: `Kill switch: disable ${flag}` } },
    },
    remediation: [{ action: 'disable-flag', service: root.name, flag }],
    contributing: [],
    findings: [
      `${flag} was flipped to ${rollout}% on ${root.name} at ${hhmm(changeAt)}`,
      `errors on ${root.name} only for users in the ${flag} cohort: \`${sample}\``,
    ],
    description: `Feature flag ${flag} enabled at ${rollout}% on ${root.name} breaks a code path.`,
    extraRules: [], rootShowsErrors: true, tags: [],
  };
}

/** A rotated secret that the service cannot use (or still uses the old one). */
export function credentialFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const root = pickRoot(ctx, ['api', 'worker']);
  const ext = root.dependsOn.find((d) => graph.externals.includes(d));
  const db = root.dependsOn.find((d) => /-db$/.test(d));
  const target = ext ?? db ?? 's3';
  const secret = `${root.name}/${ext ? `${target}-api-key` : db ? 'db-password' : 'aws-credentials'}`;
  // The old credential stays cached for a while: the onset can lag the rotation by minutes.
  const changeAt = onsetMs - (rng.chance(0.5) ? rng.int(15, 120) * SEC : rng.int(4, 12) * MIN);
  const error = rng.range(0.2, 0.9);
  const msgs = ext
    ? [`${target}: 401 Unauthorized: Invalid API Key provided: sk_live_****${rng.alnum(4)}`, `authentication to ${target} failed: invalid_api_key`]
    : db
      ? [`FATAL: password authentication failed for user "${root.name.replace(/-/g, '_')}_app"`, `could not connect to ${target}: password authentication failed`]
      : ['AccessDenied: The AWS Access Key Id you provided does not exist in our records. (Service: S3, Status Code: 403)'];
  const change = {
    id: ctx.nextChangeId(), type: 'secret_rotation', service: root.name, timeMs: changeAt,
    source: rng.pick(['vault', 'aws-secrets-manager', 'external-secrets']),
    data: { environment: 'production', secret, version: `${rng.int(5, 40)}`, author: rng.chance(0.5) ? 'rotation-cron' : author(ctx),
      description: `Rotate ${secret}` },
  };
  return {
    kind: 'credential', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs, rootChange: change,
    effects: failureEffects(root.name, onsetMs, rng.int(5, 60) * SEC, error, rng.range(0.8, 1.2), rng.int(60, 200) * SEC),
    sources: [{ service: root.name, error, latencyS: 0, startMs: onsetMs }],
    logs: [logPattern(root.name, 'error', onsetMs, rng.range(3, 8), (r) => ({
      msg: r.pick(msgs), fields: { trace_id: traceId(r), attempt: r.int(1, 3) },
    }))],
    upstreamError: baseUpstreamError(ctx),
    mitigation: {
      action: `restoring the previous version of ${secret} and restarting ${root.name}`,
      change: { id: ctx.nextChangeId(), type: 'secret_rotation', service: root.name, source: change.source,
        data: { environment: 'production', secret, version: `${Number(change.data.version) - 1}`, description: `Roll back ${secret} to previous version` } },
    },
    remediation: [{ action: 'rollback-secret', service: root.name, secret }, { action: 'restart', service: root.name }],
    contributing: [],
    findings: [
      `${root.name} logs: \`${msgs[0]}\``,
      `${secret} was rotated at ${hhmm(changeAt)} by ${change.data.author}`,
    ],
    description: `Rotation of ${secret} left ${root.name} unable to authenticate to ${target}.`,
    extraRules: [], rootShowsErrors: true, tags: ext ? ['external-dependency'] : [],
  };
}

/** An expired (or wrongly renewed) TLS certificate: callers cannot complete the handshake. */
export function certificateFault(ctx: FaultContext): FaultPlan {
  const { rng, graph } = ctx;
  const root = pickRoot(ctx, ['api']);
  // Certificates expire on a whole minute.
  const onsetMs = Math.ceil(ctx.onsetMs / 60_000) * 60_000;
  const expiredAt = onsetMs;
  const badRenewal = rng.chance(0.4);
  const change = badRenewal ? {
    id: ctx.nextChangeId(), type: 'certificate', service: root.name, timeMs: onsetMs - rng.int(10, 60) * SEC,
    source: 'cert-manager',
    data: { environment: 'production', commonName: `${root.name}.prod.internal`, issuer: 'internal-ca-2026', description: `Renew certificate for ${root.name}.prod.internal` },
  } : undefined;
  const callerError = rng.range(0.3, 0.95);
  const callers = callersOf(graph, root.name);
  const errText = badRenewal
    ? `x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "internal-ca-2026")`
    : `x509: certificate has expired or is not yet valid: current time ${new Date(onsetMs + 12_000).toISOString().slice(0, 19)}Z is after ${new Date(expiredAt).toISOString().slice(0, 19)}Z`;
  const plan: FaultPlan = {
    kind: 'certificate', root: root.name, rootIsExternal: false, causeStartMs: onsetMs, onsetMs,
    effects: [
      // Handshakes fail before HTTP: the root's own request rate drops, its error ratio does not move.
      { service: root.name, metric: 'http_requests_per_second', startMs: onsetMs, rampMs: 20 * SEC, recoverMs: 60 * SEC, mode: 'mul', value: rng.range(0.05, 0.4) },
      ...callers.map((c) => ({ service: c, metric: 'upstream_request_error_ratio', upstream: root.name, startMs: onsetMs, rampMs: 20 * SEC, recoverMs: 60 * SEC, mode: 'toward' as const, value: 0.98 })),
    ],
    sources: callers.map((c) => ({ service: c, error: callerError, latencyS: 0.05, startMs: onsetMs + rng.int(5, 30) * SEC })),
    logs: [logPattern(root.name, 'warn', onsetMs, rng.range(1, 4), (r) => ({
      msg: `http: TLS handshake error from ${ip(r)}:${r.int(30000, 60000)}: remote error: tls: ${badRenewal ? 'unknown certificate authority' : 'bad certificate'}`,
    }))],
    upstreamError: (r, callee) => `Post "https://${callee}.prod.internal${pathFor(callee, r)}": ${errText}`,
    mitigation: {
      action: badRenewal ? `re-issuing the ${root.name} certificate from the old CA chain` : `renewing the ${root.name} certificate by hand and rolling the pods`,
      change: { id: ctx.nextChangeId(), type: 'certificate', service: root.name, source: 'cert-manager',
        data: { environment: 'production', commonName: `${root.name}.prod.internal`, description: `Manual renewal of ${root.name}.prod.internal` } },
    },
    remediation: [{ action: 'renew-certificate', service: root.name }],
    contributing: [],
    findings: [
      `callers of ${root.name} all fail with \`${errText.slice(0, 80)}\``,
      badRenewal ? `cert-manager renewed ${root.name}.prod.internal a minute before, with the new CA` : `the ${root.name} cert expired at ${hhmm(expiredAt)} UTC, auto-renewal had been failing`,
      `${root.name} itself looks idle: its request rate dropped, no 5xx`,
    ],
    description: badRenewal ? `Certificate renewal of ${root.name} with an untrusted CA.` : `TLS certificate of ${root.name} expired; callers fail the handshake.`,
    extraRules: [],
    staticAlerts: badRenewal || rng.chance(0.3) ? [] : [{ alertname: 'TLSCertificateExpiringSoon', service: root.name, severity: 'warning', summary: `certificate of ${root.name}.prod.internal expires in less than 24h` }],
    rootShowsErrors: false, tags: [],
  };
  if (change) plan.rootChange = change;
  return plan;
}

const Migrations = ['add_index_orders_created_at', 'backfill_currency_column', 'alter_table_payments_add_status', 'drop_legacy_sessions',
  'add_not_null_tenant_id', 'rewrite_ledger_entries_pk'];

/** A database problem: a locking migration, or replication lag. */
export function databaseFault(ctx: FaultContext): FaultPlan {
  const { rng, onsetMs, graph } = ctx;
  const root = pickRoot(ctx, ['datastore'], (s) => /-db$/.test(s.name));
  const callers = callersOf(graph, root.name);
  const migration = rng.chance(0.65);
  const name = rng.pick(Migrations);
  const changeAt = onsetMs - rng.int(5, 90) * SEC;
  const change = migration ? {
    id: ctx.nextChangeId(), type: 'migration', service: root.name, timeMs: changeAt, source: rng.pick(['flyway', 'liquibase', 'alembic', 'gh-ost']),
    data: { environment: 'production', migration: `${new Date(changeAt).toISOString().slice(0, 10).replace(/-/g, '')}_${name}`, runner: callers[0] ?? root.name,
      author: author(ctx), description: `Run migration ${name}` },
  } : undefined;
  const callerError = rng.range(0.05, 0.4);
  const latency = rng.range(1.5, 8);
  const plan: FaultPlan = {
    kind: 'database', root: root.name, rootIsExternal: false, causeStartMs: migration ? onsetMs : onsetMs - rng.int(10, 30) * MIN, onsetMs,
    effects: migration ? [
      { service: root.name, metric: 'db_connections_in_use', startMs: onsetMs, rampMs: rng.int(30, 120) * SEC, recoverMs: 60 * SEC, mode: 'toward', value: 0.99 },
      { service: root.name, metric: 'process_cpu_utilization', startMs: onsetMs, rampMs: 60 * SEC, recoverMs: 60 * SEC, mode: 'toward', value: rng.range(0.6, 0.95) },
    ] : [
      { service: root.name, metric: 'replication_lag_seconds', startMs: onsetMs, rampMs: rng.int(5, 15) * MIN, recoverMs: 5 * MIN, mode: 'add', value: rng.range(120, 900) },
      { service: root.name, metric: 'process_cpu_utilization', startMs: onsetMs, rampMs: 5 * MIN, recoverMs: 5 * MIN, mode: 'toward', value: 0.97 },
      { service: root.name, metric: 'db_connections_in_use', startMs: onsetMs, rampMs: 5 * MIN, recoverMs: 60 * SEC, mode: 'toward', value: 0.85 },
    ],
    sources: [{ service: root.name, error: callerError, latencyS: latency, startMs: onsetMs + 20 * SEC }],
    logs: migration ? [
      logPattern(root.name, 'warn', onsetMs, rng.range(2, 5), (r) => ({ msg: `process ${r.int(1000, 60000)} still waiting for AccessExclusiveLock on relation ${r.int(16000, 17000)} of database ${r.int(16000, 17000)} after ${r.int(1000, 9000)}.${r.int(100, 999)} ms` })),
      logPattern(root.name, 'error', onsetMs + 60 * SEC, rng.range(1, 4), (r) => ({ msg: r.pick(['FATAL: sorry, too many clients already', 'FATAL: remaining connection slots are reserved for non-replication superuser connections', `ERROR: canceling statement due to lock timeout`]) })),
    ] : [
      logPattern(root.name, 'warn', onsetMs, rng.range(1, 3), (r) => ({ msg: `replica lag ${r.int(30, 900)}s behind primary; autovacuum: found ${r.int(100000, 900000)} removable, ${r.int(1000, 9000)} nonremovable row versions` })),
      logPattern(root.name, 'error', onsetMs + 2 * MIN, rng.range(1, 3), (r) => ({ msg: `duration: ${r.int(8000, 40000)}.${r.int(100, 999)} ms  statement: SELECT * FROM ${r.pick(['orders', 'ledger_entries', 'sessions', 'accounts'])} WHERE updated_at > $1` })),
    ],
    upstreamError: (r, callee) => r.pick([
      `query to ${callee} failed: canceling statement due to statement timeout`,
      `timeout acquiring connection to ${callee} after ${r.int(2000, 10000)}ms`,
      `pq: sorry, too many clients already (${callee})`,
    ]),
    mitigation: {
      action: migration ? `killing the migration ${name} on ${root.name}` : `failing ${root.name} reads over to the standby replica`,
      change: migration
        ? { id: ctx.nextChangeId(), type: 'job', service: root.name, source: 'psql', data: { environment: 'production', description: `pg_terminate_backend on ${name}` } }
        : { id: ctx.nextChangeId(), type: 'infra', service: root.name, source: 'terraform', data: { environment: 'production', description: `Promote ${root.name}-replica-2, drain replica-1` } },
    },
    remediation: migration ? [{ action: 'kill-migration', service: root.name, migration: name }] : [{ action: 'failover', service: root.name }],
    contributing: [],
    findings: migration ? [
      `${root.name} connections pegged at the max since ${hhmm(onsetMs)}`,
      `migration ${name} started at ${hhmm(changeAt)} and holds an AccessExclusiveLock`,
    ] : [
      `replication lag on ${root.name} is climbing, ${root.name} CPU at 97%`,
      `a long-running query on ${root.name} is blocking vacuum`,
    ],
    description: migration ? `Migration ${name} locks a hot table on ${root.name}; connections saturate.` : `Replication lag and CPU saturation on ${root.name}.`,
    extraRules: [
      { alertname: 'PostgresConnectionsNearLimit', service: root.name, metric: 'db_connections_in_use', threshold: 0.9, forSeconds: 120, severity: 'warning', summary: `${root.name} connections above 90% of max_connections` },
      { alertname: 'PostgresReplicationLagHigh', service: root.name, metric: 'replication_lag_seconds', threshold: 60, forSeconds: 180, severity: 'warning', summary: `${root.name} replica lag above 60s` },
    ],
    rootShowsErrors: false, tags: migration ? [] : ['slow-cause'],
  };
  if (change) plan.rootChange = change;
  return plan;
}
