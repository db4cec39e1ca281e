import type { Rng } from './rng.ts';
import {
  CodeNames, RandomDagExternals, TopologyTemplates, type TopologyShape,
} from './topology-templates.ts';

export type ServiceRole = 'edge' | 'api' | 'datastore' | 'queue' | 'worker';

/** One internal service of a generated system. */
export interface ServiceNode {
  name: string;
  team: string;
  role: ServiceRole;
  /** Services and externals it calls. */
  dependsOn: string[];
}

/** The generated system: internal services (with telemetry) and externals (without). */
export interface ServiceGraph {
  shape: TopologyShape;
  product: string;
  domain: string;
  services: ServiceNode[];
  externals: string[];
}

const ExtraServices = [
  'rate-limiter', 'feature-flags', 'audit-log', 'geo-ip', 'config-service', 'admin-api', 'reporting',
  'experiments', 'localization', 'cms', 'status-page', 'search-suggest', 'webhooks', 'exports',
];

/** Role from naming conventions (datastores, queues and workers have their own telemetry). */
export function roleOf(name: string, hasCallers: boolean): ServiceRole {
  if (/-db$|^redis|^cache$|-cache$|-index$|^feature-store$/.test(name)) return 'datastore';
  if (/-events$|-queue$|^dlq$/.test(name)) return 'queue';
  if (/-worker$|-job$|-consumer$|^transcoder$|^stream-processor$|^batch-loader$|^scheduler$/.test(name)) return 'worker';
  return hasCallers ? 'api' : 'edge';
}

/** Callers of `name` (services whose `dependsOn` holds it). */
export function callersOf(graph: ServiceGraph, name: string): string[] {
  return graph.services.filter((s) => s.dependsOn.includes(name)).map((s) => s.name);
}

export function serviceByName(graph: ServiceGraph, name: string): ServiceNode | undefined {
  return graph.services.find((s) => s.name === name);
}

/** All services that (transitively) call `name`, nearest first, with their hop distance. */
export function ancestorsOf(graph: ServiceGraph, name: string): Array<{ name: string; hops: number; via: string }> {
  const out: Array<{ name: string; hops: number; via: string }> = [];
  const seen = new Set([name]);
  let frontier = [name];
  for (let hops = 1; frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const caller of callersOf(graph, node)) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        out.push({ name: caller, hops, via: node });
        next.push(caller);
      }
    }
    frontier = next;
  }
  return out;
}

/** Builds a system of `serviceCount` internal services (8–40) in the given shape. */
export function buildTopology(rng: Rng, shape: TopologyShape, serviceCount: number): ServiceGraph {
  return shape === 'random-dag' ? buildRandomDag(rng, serviceCount) : buildFromTemplate(rng, shape, serviceCount);
}

function buildFromTemplate(rng: Rng, shape: Exclude<TopologyShape, 'random-dag'>, count: number): ServiceGraph {
  const template = TopologyTemplates[shape];
  const parsed = template.lines.trim().split('\n').map((line) => {
    const m = /^(\S+) \[(\S+)\]:(.*)$/.exec(line.trim());
    if (!m) throw new Error(`bad template line: ${line}`);
    return { name: m[1] as string, team: m[2] as string, deps: (m[3] as string).trim().split(/\s+/).filter(Boolean) };
  });
  const backbone = parsed.slice(0, 8);
  const rest = rng.shuffle(parsed.slice(8));
  const kept = [...backbone, ...rest].slice(0, Math.min(count, parsed.length));
  const names = new Set(kept.map((s) => s.name));
  const externals = new Set(template.externals);
  const services: ServiceNode[] = kept.map((s) => ({
    name: s.name,
    team: s.team,
    role: 'api',
    dependsOn: s.deps.filter((d) => names.has(d) || externals.has(d)),
  }));
  const extras = rng.shuffle(ExtraServices.filter((n) => !names.has(n)));
  while (services.length < count && extras.length > 0) {
    const name = extras.pop() as string;
    const callers = rng.sample(services.filter((s) => !isLeafRole(s.name)), rng.int(1, 2));
    for (const c of callers) c.dependsOn.push(name);
    const stores = services.filter((s) => roleOf(s.name, true) === 'datastore');
    services.push({ name, team: 'platform', role: 'api', dependsOn: stores.length > 0 && rng.chance(0.6) ? [rng.pick(stores).name] : [] });
  }
  return finish(rng, shape, template.product, template.domain, services, externals);
}

function isLeafRole(name: string): boolean {
  const role = roleOf(name, true);
  return role === 'datastore' || role === 'queue';
}

function buildRandomDag(rng: Rng, count: number): ServiceGraph {
  const names = rng.shuffle(CodeNames);
  const layers: ServiceNode[][] = [];
  const edgeCount = rng.int(1, 3);
  const storeCount = Math.max(2, Math.round(count * rng.range(0.15, 0.25)));
  const midCount = Math.max(2, count - edgeCount - storeCount);
  const midLayers = rng.int(2, Math.min(4, midCount));
  const teams = ['core', 'growth', 'platform', 'identity', 'data', 'edge'];
  const take = (suffix: string, team: string): ServiceNode => ({
    name: `${names.pop() ?? `svc${names.length}`}${suffix}`, team, role: 'api', dependsOn: [],
  });
  layers.push(Array.from({ length: edgeCount }, () => take(rng.pick(['-web', '-gateway', '-bff']), 'edge')));
  for (let l = 0; l < midLayers; l++) {
    const size = Math.max(1, Math.round(midCount / midLayers));
    layers.push(Array.from({ length: size }, () => take(rng.pick(['', '-api', '-svc', '']), rng.pick(teams))));
  }
  const stores = Array.from({ length: storeCount }, (_, i) =>
    take(i === 0 ? '-events' : rng.pick(['-db', '-db', '-cache']), 'platform'));
  layers.push(stores);
  for (let l = 0; l < layers.length - 1; l++) {
    for (const node of layers[l] as ServiceNode[]) {
      const deeper = layers.slice(l + 1).flat();
      const nextLayer = layers[l + 1] as ServiceNode[];
      const deps = new Set<string>([rng.pick(nextLayer).name]);
      const extra = rng.int(0, 3);
      for (let i = 0; i < extra; i++) deps.add(rng.pick(rng.chance(0.6) ? nextLayer : deeper).name);
      node.dependsOn = [...deps];
    }
  }
  const all = layers.flat();
  // Everything deeper than the edge must have a caller.
  for (let l = 1; l < layers.length; l++) {
    for (const node of layers[l] as ServiceNode[]) {
      if (!all.some((s) => s.dependsOn.includes(node.name))) rng.pick(layers[l - 1] as ServiceNode[]).dependsOn.push(node.name);
    }
  }
  const queue = stores[0] as ServiceNode;
  const worker: ServiceNode = { name: `${names.pop() ?? 'bulk'}-worker`, team: 'data', role: 'worker', dependsOn: [queue.name] };
  if (stores[1]) worker.dependsOn.push(stores[1].name);
  all.push(worker);
  const externals = rng.sample(RandomDagExternals, rng.int(1, 4));
  const apis = layers.slice(1, -1).flat();
  for (const ext of externals) {
    for (const caller of rng.sample(apis, rng.int(1, 2))) caller.dependsOn.push(ext);
  }
  return finish(rng, 'random-dag', 'the platform', 'app.example.com', all, new Set(externals));
}

function finish(
  rng: Rng, shape: TopologyShape, product: string, domain: string, services: ServiceNode[], externals: Set<string>,
): ServiceGraph {
  const names = new Set(services.map((s) => s.name));
  // Datastores and queues nobody calls get a caller, so every service matters to someone.
  for (const s of services) {
    const hasCallers = services.some((o) => o.dependsOn.includes(s.name));
    s.role = roleOf(s.name, hasCallers);
    if (!hasCallers && (s.role === 'datastore' || s.role === 'queue')) {
      const apis = services.filter((o) => o.name !== s.name && roleOf(o.name, true) === 'api');
      if (apis.length > 0) rng.pick(apis).dependsOn.push(s.name);
    }
    s.dependsOn = [...new Set(s.dependsOn)].filter((d) => d !== s.name && (names.has(d) || externals.has(d)));
  }
  const usedExternals = [...externals].filter((e) => services.some((s) => s.dependsOn.includes(e)));
  return { shape, product, domain, services, externals: usedExternals };
}
