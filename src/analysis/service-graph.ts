import type { IncidentBundle } from '../domain/index.ts';
import { mentionedServices } from './classify-chat.ts';
import { upstreamOf } from './metric-family.ts';
import { isErrorLike } from './log-patterns.ts';

/** Who calls whom, from topology.json or, when it is missing, inferred from metric labels and logs. */
export interface ServiceGraph {
  services: string[];
  /** caller → callees */
  callees: Map<string, Set<string>>;
  /** callee → callers */
  callers: Map<string, Set<string>>;
  /** Services with no telemetry of their own (third parties, managed services). */
  external: Set<string>;
  teams: Map<string, string>;
  /** Where the edges came from. */
  origin: 'topology' | 'inferred' | 'topology+inferred';
}

/** Builds the graph; service names are kept as given (case preserved). */
export function buildServiceGraph(bundle: IncidentBundle): ServiceGraph {
  const services = new Set<string>();
  const withTelemetry = new Set<string>();
  const callees = new Map<string, Set<string>>();
  const callers = new Map<string, Set<string>>();
  const teams = new Map<string, string>();
  const external = new Set<string>();
  const addEdge = (caller: string, callee: string) => {
    if (caller === callee) return;
    services.add(caller).add(callee);
    (callees.get(caller) ?? callees.set(caller, new Set()).get(caller)!).add(callee);
    (callers.get(callee) ?? callers.set(callee, new Set()).get(callee)!).add(caller);
  };

  for (const node of bundle.topology?.services ?? []) {
    services.add(node.name);
    if (node.team) teams.set(node.name, node.team);
    if (node.external) external.add(node.name);
    for (const dep of node.dependsOn) addEdge(node.name, dep);
  }
  const topologyEdges = callees.size;

  for (const series of bundle.metrics) {
    const upstream = upstreamOf(series.name, series.labels);
    if (series.service !== 'unknown') {
      services.add(series.service);
      withTelemetry.add(series.service);
    }
    if (upstream && series.service !== 'unknown') addEdge(series.service, upstream);
  }
  for (const log of bundle.logs) if (log.service !== 'unknown') { services.add(log.service); withTelemetry.add(log.service); }
  for (const alert of bundle.alerts) if (alert.service) services.add(alert.service);
  for (const change of bundle.changes) services.add(change.service);
  for (const name of bundle.incident.services) services.add(name);

  if (!bundle.topology) inferEdgesFromLogs(bundle, services, addEdge);

  for (const name of services) {
    const hasCallers = (callers.get(name)?.size ?? 0) > 0;
    if (!withTelemetry.has(name) && hasCallers && (bundle.metrics.length > 0 || bundle.logs.length > 0)) external.add(name);
  }
  const inferredEdges = callees.size > topologyEdges;
  const origin = bundle.topology ? (inferredEdges ? 'topology+inferred' : 'topology') : 'inferred';
  return { services: [...services], callees, callers, external, teams, origin };
}

/** An error line of service A that names service B ("timeout calling payments") suggests A calls B. */
function inferEdgesFromLogs(bundle: IncidentBundle, services: Set<string>, addEdge: (a: string, b: string) => void): void {
  const byLower = new Map([...services].map((s) => [s.toLowerCase(), s]));
  const names = new Set(byLower.keys());
  const seen = new Set<string>();
  for (const log of bundle.logs) {
    if (!isErrorLike(log)) continue;
    for (const mentioned of mentionedServices(log.line, names)) {
      const callee = byLower.get(mentioned)!;
      const key = `${log.service}->${callee}`;
      if (callee === log.service || seen.has(key)) continue;
      seen.add(key);
      addEdge(log.service, callee);
    }
  }
}

/** All services `start` depends on, directly or not (following callee edges). */
export function dependenciesOf(graph: ServiceGraph, start: string): Set<string> {
  return reachable(graph.callees, start);
}

/** All services that call `start`, directly or not: where its faults can surface. */
export function dependentsOf(graph: ServiceGraph, start: string): Set<string> {
  return reachable(graph.callers, start);
}

function reachable(edges: Map<string, Set<string>>, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    for (const next of edges.get(stack.pop()!) ?? []) {
      if (!seen.has(next) && next !== start) { seen.add(next); stack.push(next); }
    }
  }
  return seen;
}
