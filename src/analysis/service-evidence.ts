import type { ChangeEvent } from '../domain/index.ts';
import { mentionedServices, type ClassifiedChat } from './classify-chat.ts';
import type { Alert } from './dedupe-alerts.ts';
import type { SeriesAnomaly } from './detect-anomaly.ts';
import type { LogPattern } from './log-patterns.ts';
import { isFailureFamily, upstreamOf } from './metric-family.ts';
import { median } from './robust-stats.ts';
import { kindsInPatterns } from './infer-kind.ts';
import type { ServiceGraph } from './service-graph.ts';
import { isOwnFrontDoor, isProxyNode } from './proxy-aliases.ts';

/** Everything the analysis saw about one service during the incident. */
export interface ServiceEvidence {
  service: string;
  external: boolean;
  /**
   * Its failures say little: a client-side proxy node (X-Ray's `*_remote`/`*_client`) or a service
   * serving so few requests that one slow call moves its percentiles.
   */
  weakWitness: boolean;
  /** Anomalies of the service's own (server-side) series. */
  anomalies: SeriesAnomaly[];
  /** Callers' client-side series that name this service as their upstream. */
  clientViews: SeriesAnomaly[];
  /**
   * This service's own client-side series about healthy upstreams that only it sees failing, with
   * network errors in its logs: the fault is on its side of the connection (its network, DNS, zone).
   */
  outboundFailures: SeriesAnomaly[];
  /** Earliest onset of its own anomalies, or of client views when it has none. */
  onsetMs?: number;
  recoveredMs?: number;
  changes: ChangeEvent[];
  logPatterns: LogPattern[];
  /** Other services' error patterns that name this service. */
  mentionedInLogs: LogPattern[];
  alerts: Alert[];
  claims: ClassifiedChat[];
}

export interface EvidenceInputs {
  graph: ServiceGraph;
  anomalies: readonly SeriesAnomaly[];
  changes: readonly ChangeEvent[];
  logPatterns: readonly LogPattern[];
  alerts: readonly Alert[];
  chat: readonly ClassifiedChat[];
  /** Services whose request rate stays below a few requests a minute. */
  lowTraffic?: ReadonlySet<string>;
  /** upstream → the callers that have client-side series about it (healthy or not). */
  measuredBy: ReadonlyMap<string, ReadonlySet<string>>;
  /** X-Ray proxy node → the service it is a caller's view of (`findProxyAliases`). */
  proxyAliases?: ReadonlyMap<string, string>;
  /** Faint anomalies of services that crossed no bar (`detectFaintAnomalies`): their services are weak witnesses. */
  faintAnomalies?: readonly SeriesAnomaly[];
}

/** Groups every piece of evidence by the service it is about. */
export function gatherServiceEvidence(inputs: EvidenceInputs): Map<string, ServiceEvidence> {
  const bySvc = new Map<string, ServiceEvidence>();
  const lowerToName = new Map<string, string>();
  const get = (service: string): ServiceEvidence => {
    let e = bySvc.get(service);
    if (!e) {
      e = { service, external: inputs.graph.external.has(service), weakWitness: isProxyNode(service) || (inputs.lowTraffic?.has(service) ?? false), anomalies: [], clientViews: [], outboundFailures: [], changes: [], logPatterns: [], mentionedInLogs: [], alerts: [], claims: [] };
      bySvc.set(service, e);
      lowerToName.set(service.toLowerCase(), service);
    }
    return e;
  };
  for (const s of inputs.graph.services) get(s);

  for (const a of inputs.anomalies) {
    const viewOf = inputs.proxyAliases?.get(a.series.service);
    if (viewOf && isOwnFrontDoor(inputs.graph, a.series.service, viewOf)) continue;
    const upstream = upstreamOf(a.series.name, a.series.labels) ?? viewOf;
    if (upstream) get(upstream).clientViews.push(a);
    else get(a.series.service).anomalies.push(a);
  }
  for (const a of inputs.faintAnomalies ?? []) {
    const e = get(a.series.service);
    e.anomalies.push(a);
    e.weakWitness = true;
  }
  for (const c of inputs.changes) get(c.service).changes.push(c);
  const lowerNames = new Set(lowerToName.keys());
  for (const p of inputs.logPatterns) {
    get(p.service).logPatterns.push(p);
    for (const lower of mentionedServices(p.example, lowerNames)) {
      const name = lowerToName.get(lower)!;
      if (name !== p.service) get(name).mentionedInLogs.push(p);
    }
  }
  for (const a of inputs.alerts) if (a.service) get(a.service).alerts.push(a);
  for (const c of inputs.chat) {
    if (c.role !== 'claim') continue;
    for (const s of c.services) {
      const name = lowerToName.get(s);
      if (name) get(name).claims.push(c);
    }
  }

  moveFanOutFailuresToCaller(bySvc);
  for (const e of bySvc.values()) moveLocalViewsToCaller(e, bySvc, inputs.measuredBy, inputs.graph);

  for (const e of bySvc.values()) {
    const own = [...e.anomalies, ...e.clientViews];
    if (own.length === 0) continue;
    e.onsetMs = Math.min(...own.map((a) => a.onsetMs));
    const recovered = own.map((a) => a.recoveredMs).filter((t): t is number => t !== undefined);
    if (recovered.length === own.length) e.recoveredMs = median(recovered);
  }
  return bySvc;
}

/** Client-side views of different upstreams that started failing within this of each other started together. */
const FAN_OUT_TOLERANCE_MS = 3 * 60_000;

/**
 * A caller whose calls to two or more upstreams all started failing together, while those upstreams did
 * not fail on their own and nobody else saw them fail, lost its own connectivity (its network, DNS, zone):
 * a shared fault behind them would show in their own metrics, or in their other callers' views (two
 * upstreams without telemetry failing at the same minute share nothing but this caller). Its views of them
 * become evidence against the caller; an upstream in trouble of its own keeps its views.
 */
function moveFanOutFailuresToCaller(bySvc: Map<string, ServiceEvidence>): void {
  const viewsByCaller = new Map<string, SeriesAnomaly[]>();
  for (const e of bySvc.values()) {
    for (const view of e.clientViews) {
      if (!isFailureFamily(view.profile.family) || isProxyNode(view.series.service)) continue;
      (viewsByCaller.get(view.series.service) ?? viewsByCaller.set(view.series.service, []).get(view.series.service)!).push(view);
    }
  }
  for (const [caller, views] of viewsByCaller) {
    const callerEvidence = bySvc.get(caller);
    if (!callerEvidence) continue;
    if (logsBlameTheOtherEnd(callerEvidence)) continue;
    const firstOnsetByTarget = new Map<string, number>();
    for (const v of views) {
      const target = upstreamOf(v.series.name, v.series.labels);
      if (target !== undefined) firstOnsetByTarget.set(target, Math.min(firstOnsetByTarget.get(target) ?? Infinity, v.onsetMs));
    }
    if (firstOnsetByTarget.size < 2) continue;
    const onsets = [...firstOnsetByTarget.values()];
    const startMs = Math.min(...onsets);
    if (Math.max(...onsets) - startMs > FAN_OUT_TOLERANCE_MS) continue;
    const quietOnItsOwn = (t: ServiceEvidence | undefined): t is ServiceEvidence =>
      t !== undefined && !failedOnItsOwnSince(t, startMs) &&
      t.clientViews.every((v) => v.series.service === caller || !isFailureFamily(v.profile.family));
    // An upstream in trouble of its own keeps its views; two quiet ones failing together still say enough.
    const quietTargets = [...firstOnsetByTarget.keys()].map((t) => bySvc.get(t)).filter(quietOnItsOwn);
    if (quietTargets.length < 2) continue;
    for (const t of quietTargets) moveViewsToCaller(t, callerEvidence);
  }
}

/**
 * When a service with healthy metrics of its own looks broken only from one caller (or a minority of
 * the callers that measure it), and that caller's logs show network errors, the fault is the
 * caller's connectivity: its view of the service becomes evidence against the caller instead.
 * TLS and credential errors stay with the called service (its certificate, its keys).
 */
function moveLocalViewsToCaller(e: ServiceEvidence, bySvc: Map<string, ServiceEvidence>, measuredBy: ReadonlyMap<string, ReadonlySet<string>>, graph: ServiceGraph): void {
  if (e.external || e.clientViews.length === 0) return;
  // Its own trouble counts only if it lasted into the callers' views: a blip that was over before is another episode.
  const viewsStartMs = Math.min(...e.clientViews.map((a) => a.onsetMs));
  if (failedOnItsOwnSince(e, viewsStartMs)) return;
  const ownDuringViews = e.anomalies.filter((a) => (a.recoveredMs ?? Infinity) >= viewsStartMs);
  // A proxy node is its caller's view, not a caller with a network of its own.
  const failingCallers = new Set(e.clientViews.map((a) => a.series.service).filter((s) => !isProxyNode(s)));
  if (failingCallers.size === 0) return;
  const measuring = measuredBy.get(e.service)?.size ?? failingCallers.size;
  if (failingCallers.size >= 2 && failingCallers.size / measuring >= 0.5) return;
  // Without logs: the service has several callers, looks perfectly healthy itself, and the others are fine.
  // Another caller in trouble is excused when it also calls a failing caller (its trouble may be that
  // caller's), as long as some other caller is healthy.
  const graphCallers = [...(graph.callers.get(e.service) ?? [])];
  const healthy = (c: string) => !(bySvc.get(c)?.anomalies ?? []).some((a) => isFailureFamily(a.profile.family));
  const callsAFailingCaller = (c: string) => [...failingCallers].some((f) => graph.callees.get(c)?.has(f));
  const others = graphCallers.filter((c) => !failingCallers.has(c));
  const othersHealthy = graphCallers.length >= 2 && ownDuringViews.length === 0 &&
    others.every((c) => healthy(c) || callsAFailingCaller(c)) && (others.length === 0 || others.some(healthy));
  for (const caller of failingCallers) {
    const callerEvidence = bySvc.get(caller);
    if (!callerEvidence) continue;
    if (logsBlameTheOtherEnd(callerEvidence)) continue;
    if (!kindsInPatterns(callerEvidence.logPatterns).includes('network') && !(othersHealthy && callerEvidence.logPatterns.length === 0)) continue;
    moveViewsToCaller(e, callerEvidence);
  }
}

/** A failure anomaly of the service's own that lasted until `sinceMs` or later. */
function failedOnItsOwnSince(e: ServiceEvidence, sinceMs: number): boolean {
  return e.anomalies.some((a) => isFailureFamily(a.profile.family) && (a.recoveredMs ?? Infinity) >= sinceMs);
}

/** TLS and credential errors in the caller's logs stay with the called service (its certificate, its keys). */
function logsBlameTheOtherEnd(caller: ServiceEvidence): boolean {
  const kinds = kindsInPatterns(caller.logPatterns);
  return kinds.includes('certificate') || kinds.includes('credential');
}

/** The caller's client-side views of `target` become the caller's own outbound failures. */
function moveViewsToCaller(target: ServiceEvidence, caller: ServiceEvidence): void {
  caller.outboundFailures.push(...target.clientViews.filter((v) => v.series.service === caller.service));
  target.clientViews = target.clientViews.filter((v) => v.series.service !== caller.service);
}
