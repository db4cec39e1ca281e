import type { ServiceGraph } from './service-graph.ts';

/** X-Ray service maps name a caller's view of an endpoint `<endpoint>_remote` or `<service>_client`. */
export function isProxyNode(service: string): boolean {
  return /_(remote|client)$/i.test(service);
}

const MIN_TOKEN_LENGTH = 4;

/**
 * Proxy nodes that are a caller's view of one instrumented service: proxy → that service.
 *
 * A `_client` node with exactly one callee is the client side of calls to it. A `_remote` node is the
 * view of an endpoint (often a load balancer) whose DNS name, truncated by the platform, still holds a
 * piece of the service's name: `servi-searc.…elb…_remote` is the search service's balancer. A name
 * token counts only if no other proxy node shares it (`servi`, `elb`, `amazonaws` are boilerplate of
 * every balancer) and it appears in exactly one service's name; that service must share a caller with
 * the proxy, or be its caller (a service calling its own front door), when the graph has edges.
 * Ambiguous names get no alias.
 */
export function findProxyAliases(graph: ServiceGraph): Map<string, string> {
  const aliases = new Map<string, string>();
  const proxies = graph.services.filter(isProxyNode);
  const services = graph.services.filter((s) => !isProxyNode(s));
  const tokenUse = new Map<string, Set<string>>();
  for (const proxy of proxies) {
    for (const token of endpointTokens(proxy)) (tokenUse.get(token) ?? tokenUse.set(token, new Set()).get(token)!).add(proxy.toLowerCase());
  }
  for (const proxy of proxies) {
    const callees = [...(graph.callees.get(proxy) ?? [])];
    if (/_client$/i.test(proxy)) {
      if (callees.length === 1 && !isProxyNode(callees[0]!)) aliases.set(proxy, callees[0]!);
      continue;
    }
    if (callees.length > 0) continue;
    const distinctive = endpointTokens(proxy).filter((t) => tokenUse.get(t)!.size === 1);
    const matches = new Set(services.filter((s) => distinctive.some((t) => serviceNamePart(s).includes(t))));
    if (matches.size !== 1) continue;
    const service = [...matches][0]!;
    const ownFrontDoor = isOwnFrontDoor(graph, proxy, service);
    if (graph.callees.size === 0 || ownFrontDoor || sharesCaller(graph, proxy, service)) aliases.set(proxy, service);
  }
  return aliases;
}

/** Lower-case tokens of the endpoint's first DNS label (`servi-searc.us-west-2…` → servi, searc). */
function endpointTokens(proxy: string): string[] {
  const host = proxy.replace(/_(remote|client)$/i, '').replace(/^[a-z]+:\/\//i, '').toLowerCase();
  const firstLabel = host.split('.')[0] ?? '';
  return [...new Set(firstLabel.split(/[^a-z0-9]+/).filter((t) => t.length >= MIN_TOKEN_LENGTH && /[a-z]/.test(t)))];
}

/** The service's own name without platform suffixes (`PetSearch_AWS::ECS::Fargate` → petsearch). */
function serviceNamePart(service: string): string {
  return service.split(/[_@]/)[0]!.toLowerCase();
}

function sharesCaller(graph: ServiceGraph, a: string, b: string): boolean {
  const callersOfB = graph.callers.get(b) ?? new Set<string>();
  return [...(graph.callers.get(a) ?? [])].some((c) => callersOfB.has(c));
}

/** A service's view of its own front door (its balancer): the symptom seen from outside, not a cause. */
export function isOwnFrontDoor(graph: ServiceGraph, proxy: string, service: string): boolean {
  return graph.callers.get(proxy)?.has(service) ?? false;
}
