import { ancestorsOf, callersOf, type ServiceNode } from '../build-topology.ts';
import type { Effect, FaultContext, LogPattern } from '../fault-types.ts';
import { formatLogLine } from '../log-format.ts';
import type { Rng } from '../rng.ts';

export const MIN = 60_000;
export const SEC = 1000;

/**
 * A root candidate of the given roles that has callers, preferring services deep in the graph
 * (so symptoms show up elsewhere first).
 */
export function pickRoot(ctx: FaultContext, roles: ServiceNode['role'][], filter?: (s: ServiceNode) => boolean): ServiceNode {
  const { graph, rng } = ctx;
  const preferred = ctx.preferRoot === undefined ? undefined : graph.services.find((s) => s.name === ctx.preferRoot);
  if (preferred) return preferred;
  let candidates = graph.services.filter((s) => roles.includes(s.role) && callersOf(graph, s.name).length > 0 && (filter?.(s) ?? true));
  if (candidates.length === 0) candidates = graph.services.filter((s) => callersOf(graph, s.name).length > 0 && s.role !== 'queue');
  if (candidates.length === 0) candidates = graph.services;
  const weights = candidates.map((s) => 1 + Math.min(3, ancestorsOf(graph, s.name).length / 3));
  return rng.weighted(candidates, weights);
}

/** Error-ratio and latency effects of a failing service. */
export function failureEffects(
  service: string, startMs: number, rampMs: number, error: number, latencyMul: number, recoverMs: number,
): Effect[] {
  const out: Effect[] = [
    { service, metric: 'http_request_error_ratio', startMs, rampMs, recoverMs, mode: 'toward', value: error },
  ];
  if (latencyMul !== 1) {
    out.push({ service, metric: 'http_request_duration_p99_seconds', startMs, rampMs, recoverMs, mode: 'mul', value: latencyMul });
  }
  return out;
}

/** A log pattern in the service's own style with variable parts. */
export function logPattern(
  service: string, level: LogPattern['level'], startMs: number, perMinute: number,
  render: (rng: Rng) => { msg: string; fields?: Record<string, string | number> },
  endMs?: number,
): LogPattern {
  const p: LogPattern = {
    service, level, startMs, perMinute,
    render: (rng, t) => {
      const { msg, fields } = render(rng);
      return formatLogLine(service, level, t, msg, fields);
    },
  };
  if (endMs !== undefined) p.endMs = endMs;
  return p;
}

export function traceId(rng: Rng): string {
  return rng.hex(16);
}

export function bumpVersion(rng: Rng): { version: string; previousVersion: string } {
  const major = rng.int(1, 5);
  const minor = rng.int(0, 40);
  const patch = rng.int(0, 12);
  return { previousVersion: `v${major}.${minor}.${patch}`, version: rng.chance(0.7) ? `v${major}.${minor}.${patch + 1}` : `v${major}.${minor + 1}.0` };
}

export function ip(rng: Rng, privateNet = true): string {
  return privateNet ? `10.${rng.int(0, 63)}.${rng.int(0, 255)}.${rng.int(2, 254)}` : `${rng.pick([185, 45, 91, 103, 194])}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

export function pathFor(service: string, rng: Rng): string {
  const paths = ['/api/v1/', '/api/v2/', '/v1/', '/internal/'];
  const leaf = service.replace(/-(api|svc|service)$/, '');
  return `${rng.pick(paths)}${leaf}${rng.pick(['', '/search', '/items', '/status', `/${rng.int(1000, 99999)}`])}`;
}

export const Exceptions = [
  (rng: Rng) => `TypeError: Cannot read properties of undefined (reading '${rng.pick(['amount', 'currency', 'items', 'userId', 'price', 'region'])}')`,
  (rng: Rng) => `java.lang.NullPointerException: Cannot invoke "${rng.pick(['Order', 'Cart', 'Account', 'Session'])}.get${rng.pick(['Id', 'Total', 'Owner', 'Locale'])}()" because "${rng.pick(['order', 'cart', 'acct', 'ctx'])}" is null`,
  (_rng: Rng) => 'panic: runtime error: invalid memory address or nil pointer dereference',
  (rng: Rng) => `schema validation failed: missing required field "${rng.pick(['shipping_address', 'tax_code', 'currency', 'tenant_id'])}"`,
  (rng: Rng) => `KeyError: '${rng.pick(['price_id', 'locale', 'variant', 'plan'])}'`,
  (rng: Rng) => `unknown enum value "${rng.pick(['PENDING_REVIEW', 'PARTIAL', 'EXPIRED_V2'])}" for field status`,
];
