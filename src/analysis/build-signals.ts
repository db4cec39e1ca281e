import type { ChangeEvent, RootCauseKind, Signal, SignalLabel, SourceRef } from '../domain/index.ts';
import { isRevert, kindOfChange } from './change-kind.ts';
import { classifyCauseText } from './classify-cause-text.ts';
import type { ClassifiedChat } from './classify-chat.ts';
import type { Alert } from './dedupe-alerts.ts';
import type { SeriesAnomaly } from './detect-anomaly.ts';
import { capitalise, clock, describeAlert, describeAnomaly, describeChange, describeGap } from './describe.ts';
import { extractLogMessage, type LogPattern } from './log-patterns.ts';
import { upstreamOf } from './metric-family.ts';
import type { RankedCandidate } from './rank-root-causes.ts';
import { dependentsOf, type ServiceGraph } from './service-graph.ts';
import { MINUTE_MS, toIso } from './time.ts';

export interface SignalInputs {
  graph: ServiceGraph;
  ranked: readonly RankedCandidate[];
  anomalies: readonly SeriesAnomaly[];
  changes: readonly ChangeEvent[];
  alerts: readonly Alert[];
  logPatterns: readonly LogPattern[];
  chat: readonly ClassifiedChat[];
  firstOnsetMs: number;
  windowStartMs: number;
  windowEndMs: number;
}

/** Relation of a service to the most likely root cause. */
interface Relation {
  root?: RankedCandidate;
  /** Services the root's fault can surface in. */
  blastRadius: Set<string>;
  probabilityOf: Map<string, number>;
}

/** Every candidate becomes a signal with a label, a confidence and a rationale a human can check. */
export function buildSignals(input: SignalInputs): Signal[] {
  const root = input.ranked[0];
  const relation: Relation = {
    root,
    blastRadius: root ? dependentsOf(input.graph, root.service) : new Set(),
    probabilityOf: new Map(input.ranked.map((c) => [c.service, c.probability])),
  };
  const signals = [
    ...changeSignals(input, relation),
    ...anomalySignals(input, relation),
    ...logSignals(input, relation),
    ...alertSignals(input, relation),
    ...chatSignals(input, relation),
  ];
  const order: Record<SignalLabel, number> = { 'likely-cause': 0, contributing: 1, symptom: 2, correlated: 3, unrelated: 4 };
  return signals.sort((a, b) => order[a.label] - order[b.label] || b.confidence - a.confidence || a.startedAt.localeCompare(b.startedAt));
}

function changeSignals(input: SignalInputs, rel: Relation): Signal[] {
  const relevant = input.changes.filter((c) => c.timeMs >= input.windowStartMs - 6 * 60 * MINUTE_MS && c.timeMs <= input.windowEndMs);
  return relevant.map((c) => {
    const p = rel.probabilityOf.get(c.service) ?? 0;
    const candidate = input.ranked.find((r) => r.change?.id === c.id);
    const leadMs = input.firstOnsetMs - c.timeMs;
    let label: SignalLabel;
    let why: string;
    if (candidate && candidate === rel.root) {
      label = 'likely-cause';
      why = `It is the last change to ${c.service} before ${c.service} became anomalous (${describeGap(Math.max(0, (candidate.onsetMs ?? c.timeMs) - c.timeMs))} later), and it precedes the first symptom of the incident`;
      if (candidate.revert) why += `; the incident recovered after it was reverted at ${clock(candidate.revert.timeMs)}`;
    } else if (isRevert(c)) {
      label = 'correlated';
      why = `It undoes an earlier change; it is a mitigation, not a cause`;
    } else if (candidate && candidate.probability >= 0.1) {
      label = 'contributing';
      why = `It precedes an anomaly of ${c.service}, but the evidence favours ${rel.root?.service ?? 'another service'} as the root cause`;
    } else if (c.timeMs > input.firstOnsetMs) {
      label = 'correlated';
      why = `It was made ${describeGap(-leadMs)} after the first symptom, so it cannot have caused the incident (it may be a response to it)`;
    } else if (rel.root && rel.blastRadius.has(c.service)) {
      label = 'correlated';
      why = `${c.service} was affected, but only as a caller of ${rel.root.service}, whose fault explains its symptoms`;
    } else {
      label = 'unrelated';
      why = leadMs < 30 * MINUTE_MS
        ? `It came ${describeGap(leadMs)} before the first symptom, but ${c.service} showed no anomaly of its own${rel.root ? ` and the symptoms trace back to ${rel.root.service}` : ''}: a coincidence in time, not a cause`
        : `It came ${describeGap(leadMs)} before the first symptom and ${c.service} showed no related anomaly`;
    }
    return {
      id: `change:${c.id}`,
      service: c.service,
      kind: kindOfChange(c),
      source: 'change',
      label,
      confidence: label === 'unrelated' || isRevert(c) ? 0 : p,
      title: describeChange(c),
      rationale: `${capitalise(describeChange(c))}. ${why}.`,
      evidence: [{ type: 'change', ref: c.ref }],
      startedAt: toIso(c.timeMs),
    } satisfies Signal;
  });
}

function anomalySignals(input: SignalInputs, rel: Relation): Signal[] {
  const root = rel.root;
  return input.anomalies.map((a) => {
    const upstream = upstreamOf(a.series.name, a.series.labels);
    const service = upstream ?? a.series.service;
    const p = rel.probabilityOf.get(service) ?? 0;
    let label: SignalLabel;
    let kind: RootCauseKind = kindOfAnomaly(a, upstream !== undefined);
    let why: string;
    const isRetrySurge = a.profile.family === 'traffic' && a.direction === 'up' && root !== undefined && (root.onsetMs ?? Infinity) < a.onsetMs && (service === root.service || rel.blastRadius.has(service));
    if (root && service === root.service && !isRetrySurge) {
      label = root.change && !a.gradual ? 'symptom' : 'likely-cause';
      kind = label === 'likely-cause' ? root.kind : kind;
      why = label === 'likely-cause'
        ? `${service} is the most likely root cause (${pct(root.probability)}) and this is its ${a.onsetMs === root.onsetMs ? 'earliest' : 'own'} anomaly`
        : `It is the direct effect of the ${root.change!.type} of ${service} at ${clock(root.change!.timeMs)}`;
    } else if (isRetrySurge) {
      label = 'contributing';
      kind = 'retry-storm';
      why = `Traffic rose only after ${root!.service} began failing: retries amplify the load on a struggling service`;
    } else if (root && rel.blastRadius.has(service)) {
      label = 'symptom';
      kind = root.kind;
      why = `${service} depends on ${root.service}${a.onsetMs >= (root.onsetMs ?? 0) ? `, and this began ${describeGap(a.onsetMs - (root.onsetMs ?? a.onsetMs))} after ${root.service}'s first anomaly` : ''}: its fault surfaces here`;
    } else if (a.onsetMs >= input.windowStartMs) {
      label = 'correlated';
      why = root ? `It coincides with the incident, but ${service} is not a caller of ${root.service} in the dependency graph` : `It coincides with the incident`;
    } else {
      label = 'unrelated';
      why = `It began well before the incident window`;
    }
    return {
      id: `metric:${a.series.ref}`,
      service,
      kind,
      source: 'metric',
      label,
      confidence: label === 'unrelated' ? 0 : p,
      title: describeAnomaly(a),
      rationale: `${capitalise(describeAnomaly(a))}. ${why}.`,
      evidence: [{ type: 'metric', ref: a.series.ref }],
      startedAt: toIso(a.onsetMs),
    } satisfies Signal;
  });
}

function logSignals(input: SignalInputs, rel: Relation): Signal[] {
  return input.logPatterns.slice(0, 60).map((p, i) => {
    const root = rel.root;
    const namesRoot = root !== undefined && root.service !== p.service && p.example.toLowerCase().includes(root.service.toLowerCase());
    const textKind = classifyCauseText(p.template);
    let label: SignalLabel;
    // Logs that state the root cause itself (a 401 after a key rotation) point at it; the rest are its effects.
    if (root && (p.service === root.service || namesRoot)) label = textKind === root.kind ? 'likely-cause' : 'symptom';
    else if (root && rel.blastRadius.has(p.service)) label = 'symptom';
    else label = p.firstSeenMs >= input.windowStartMs ? 'correlated' : 'unrelated';
    const kind = textKind ?? (label === 'unrelated' ? 'unknown' : root?.kind ?? 'unknown');
    const message = extractLogMessage(p.example).slice(0, 160);
    const rate = p.isNew ? `new during the incident (${p.incidentCount} lines, none before)` : `${p.incidentCount} lines during the incident vs ${p.baselineCount} in the quiet period`;
    const svc = namesRoot ? root!.service : p.service;
    return {
      id: `log:${p.service}:${i}`,
      service: p.service,
      kind,
      source: 'log',
      label,
      confidence: label === 'unrelated' ? 0 : (rel.probabilityOf.get(svc) ?? 0),
      title: `${p.service} logs: ${message}`,
      rationale: `${p.service} logged "${message}" first at ${clock(p.firstSeenMs)}, ${rate}.${namesRoot ? ` The message names ${root!.service}.` : ''}`,
      evidence: p.refs.map((ref): SourceRef => ({ type: 'log', ref })),
      startedAt: toIso(p.firstSeenMs),
    } satisfies Signal;
  });
}

function alertSignals(input: SignalInputs, rel: Relation): Signal[] {
  const root = rel.root;
  const inWindow = input.alerts.filter((a) => a.firingAtMs <= input.windowEndMs && (a.resolvedAtMs ?? Infinity) >= input.windowStartMs);
  return inWindow.map((a) => {
    const service = a.service ?? 'unknown';
    let label: SignalLabel;
    if (root && service === root.service) label = 'symptom';
    else if (root && rel.blastRadius.has(service)) label = 'symptom';
    else label = a.firingAtMs >= input.windowStartMs ? 'correlated' : 'unrelated';
    const textKind = classifyCauseText(`${a.name} ${a.summary}`);
    const duration = a.resolvedAtMs ? `resolved at ${clock(a.resolvedAtMs)}` : 'still firing at the end of the data';
    return {
      id: `alert:${a.fingerprint}:${a.firingAtMs}`,
      service,
      kind: textKind ?? (label === 'symptom' && root ? root.kind : 'unknown'),
      source: 'alert',
      label,
      confidence: label === 'unrelated' ? 0 : (rel.probabilityOf.get(service) ?? 0),
      title: describeAlert(a).slice(0, 200),
      rationale: `Alert ${a.name}${a.service ? ` on ${a.service}` : ''} fired at ${clock(a.firingAtMs)} (${a.notificationCount} notifications), ${duration}. Alerts page on symptoms; ${label === 'symptom' && root ? `${service} is within the reach of ${root.service}'s fault` : 'it is not on the path of the most likely root cause'}.`,
      evidence: a.refs.map((ref): SourceRef => ({ type: 'alert', ref })),
      startedAt: toIso(a.firingAtMs),
    } satisfies Signal;
  });
}

function chatSignals(input: SignalInputs, rel: Relation): Signal[] {
  const root = rel.root;
  const byLower = new Map(input.graph.services.map((s) => [s.toLowerCase(), s]));
  return input.chat.filter((c) => c.role === 'claim').slice(0, 40).flatMap((c) => c.services.slice(0, 2).map((lower) => {
    const service = byLower.get(lower) ?? lower;
    const p = rel.probabilityOf.get(service) ?? 0;
    const healthy = !input.ranked.some((r) => r.service === service && r.onsetMs !== undefined);
    let label: SignalLabel;
    let why: string;
    if (c.negated) {
      label = root?.service === service ? 'correlated' : 'unrelated';
      why = root?.service === service ? `This rules ${service} out, but the data points at it` : `This rules ${service} out, and the data agrees`;
    } else if (root?.service === service) {
      label = 'likely-cause';
      why = `The data agrees: ${service} is the most likely root cause`;
    } else if (healthy) {
      label = 'unrelated';
      why = `The data contradicts it: ${service} showed no anomaly during the incident`;
    } else if (root && rel.blastRadius.has(service)) {
      label = 'symptom';
      why = `${service} was affected, but as a caller of ${root.service}, where the fault began`;
    } else {
      label = 'correlated';
      why = `${service} was anomalous too, but the evidence favours ${root?.service ?? 'another service'}`;
    }
    return {
      id: `chat:${c.message.id}:${service}`,
      service,
      kind: classifyCauseText(c.message.text) ?? 'unknown',
      source: 'chat',
      label,
      confidence: label === 'unrelated' ? 0 : p,
      title: `${c.message.userName}: ${c.message.text.slice(0, 140)}`,
      rationale: `${c.message.userName} said at ${clock(c.message.timeMs)}: "${c.message.text.slice(0, 160)}". A claim in chat is weak evidence. ${why}.`,
      evidence: [{ type: 'slack', ref: c.message.id }],
      startedAt: toIso(c.message.timeMs),
    } satisfies Signal;
  }));
}

function kindOfAnomaly(a: SeriesAnomaly, clientSide: boolean): RootCauseKind {
  if (clientSide) return 'dependency';
  switch (a.profile.family) {
    case 'memory': return a.gradual ? 'resource-leak' : 'capacity';
    case 'connections': case 'lag': return 'database';
    case 'cost': return 'cost';
    case 'cpu': case 'queue': case 'saturation': return 'capacity';
    case 'traffic': return a.direction === 'up' ? 'capacity' : 'unknown';
    default: return 'unknown';
  }
}

function pct(p: number): string {
  return `${Math.round(p * 100)}%`;
}

