import type { BenchRng } from './bench-rng.ts';

/** A service of the benchmark's synthetic estate. `layer` 0 is the edge; higher layers are deeper. */
export interface BenchService {
  name: string;
  team: string;
  layer: number;
  /** Services this one calls (always in deeper layers, so the graph is a DAG). */
  dependsOn: string[];
}

/** Share of services per layer: edge, frontends/BFFs, mid-tier domain services, core platform, data stores. */
const LAYER_SHARES = [0.06, 0.14, 0.36, 0.26, 0.18] as const;
const LAYER_SUFFIXES: readonly (readonly string[])[] = [
  ['gateway', 'edge', 'ingress'],
  ['bff', 'web', 'frontend', 'mobile-api'],
  ['api', 'service', 'svc', 'worker', 'processor'],
  ['core', 'engine', 'store', 'index', 'registry'],
  ['db', 'cache', 'queue', 'search', 'blob'],
];
const WORDS = [
  'checkout', 'payments', 'inventory', 'orders', 'cart', 'catalog', 'pricing', 'shipping', 'billing',
  'accounts', 'identity', 'auth', 'session', 'profile', 'search', 'recommend', 'reviews', 'ratings',
  'notify', 'email', 'sms', 'push', 'ledger', 'fraud', 'risk', 'tax', 'coupon', 'loyalty', 'wishlist',
  'media', 'images', 'thumbnail', 'geo', 'stores', 'delivery', 'returns', 'refunds', 'invoices',
  'reports', 'analytics', 'events', 'audit', 'config', 'flags', 'quota', 'ratelimit', 'metering',
  'support', 'tickets', 'chat', 'feeds', 'social', 'ads', 'campaigns', 'partner', 'vendor', 'warehouse',
  'fulfilment', 'tracking', 'subscriptions',
];
const TEAMS = [
  'storefront', 'payments', 'fulfilment', 'identity', 'discovery', 'platform', 'data', 'growth',
  'finance', 'logistics', 'messaging', 'trust', 'media', 'partners', 'core-infra', 'mobile',
];

/** Services per team, roughly; the number of teams grows with the estate. */
const SERVICES_PER_TEAM = 20;

/**
 * A layered service DAG of `count` services (≥ 5): every service calls 1–4 services of deeper layers,
 * mostly the next one, and every non-edge service has at least one caller.
 */
export function buildLayeredTopology(rng: BenchRng, count: number): BenchService[] {
  if (count < LAYER_SHARES.length) throw new Error(`buildLayeredTopology: need at least ${LAYER_SHARES.length} services, got ${count}`);
  const sizes = LAYER_SHARES.map((share) => Math.max(1, Math.round(share * count)));
  // Fix rounding so that the sizes add up to `count`, adjusting the largest (mid-tier) layer.
  sizes[2] = (sizes[2] ?? 1) + count - sizes.reduce((a, b) => a + b, 0);
  const teamCount = Math.min(TEAMS.length, Math.max(2, Math.ceil(count / SERVICES_PER_TEAM)));
  const used = new Set<string>();
  const layers: BenchService[][] = sizes.map((size, layer) =>
    Array.from({ length: size }, () => ({
      name: uniqueName(rng, layer, used),
      team: TEAMS[rng.int(0, teamCount - 1)] ?? 'platform',
      layer,
      dependsOn: [],
    })),
  );
  for (let layer = 0; layer < layers.length - 1; layer++) {
    for (const service of layers[layer] ?? []) {
      const calls = rng.int(1, 4);
      for (let i = 0; i < calls; i++) {
        // 75 % of calls go to the next layer, the rest skip deeper (a BFF calling a cache directly).
        const target = rng.chance(0.75) ? layer + 1 : rng.int(layer + 1, layers.length - 1);
        const callee = rng.pick(layers[target] ?? []);
        if (!service.dependsOn.includes(callee.name)) service.dependsOn.push(callee.name);
      }
    }
  }
  // Give every orphan (no caller) a caller from the layer above.
  const called = new Set(layers.flat().flatMap((s) => s.dependsOn));
  for (let layer = 1; layer < layers.length; layer++) {
    for (const service of layers[layer] ?? []) {
      if (!called.has(service.name)) rng.pick(layers[layer - 1] ?? []).dependsOn.push(service.name);
    }
  }
  return layers.flat();
}

function uniqueName(rng: BenchRng, layer: number, used: Set<string>): string {
  const base = `${rng.pick(WORDS)}-${rng.pick(LAYER_SUFFIXES[layer] ?? ['svc'])}`;
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}
