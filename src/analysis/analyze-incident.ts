import type { Durations, IncidentBundle, ProposedCommand, RootCause, Signal, TimelineEvent } from '../domain/index.ts';
import { isRevert } from './change-kind.ts';
import { classifyChat, type ClassifiedChat } from './classify-chat.ts';
import { dedupeAlerts, type Alert } from './dedupe-alerts.ts';
import { detectAnomalies, detectFaintAnomalies, failureDeviations } from './detect-anomalies.ts';
import type { SeriesAnomaly } from './detect-anomaly.ts';
import { findMilestones, type MilestoneTimes } from './find-milestones.ts';
import { buildIncidentFrame, type IncidentFrame } from './incident-frame.ts';
import { findLogPatterns } from './log-patterns.ts';
import { rankRootCauses, type RankedCandidate } from './rank-root-causes.ts';
import { buildSignals } from './build-signals.ts';
import { buildTimeline } from './build-timeline.ts';
import { scoreRootCandidates } from './score-root-candidates.ts';
import { credibleOnsetMs, failureOf, mainOnsetMs } from './service-failure.ts';
import { gatherServiceEvidence } from './service-evidence.ts';
import { buildServiceGraph, dependenciesOf, dependentsOf, type ServiceGraph } from './service-graph.ts';
import { proposeCommands } from './propose-commands.ts';
import { findProxyAliases, isProxyNode } from './proxy-aliases.ts';
import { isFailureFamily, upstreamOf } from './metric-family.ts';
import { kthSmallest } from './robust-stats.ts';
import { normalizeMetrics } from './normalize-metrics.ts';

/** The result of the deterministic analysis: every number a report or a model may quote. */
export interface Analysis {
  frame: IncidentFrame;
  graph: ServiceGraph;
  alerts: Alert[];
  anomalies: SeriesAnomaly[];
  chat: ClassifiedChat[];
  ranked: RankedCandidate[];
  rootCauses: RootCause[];
  signals: Signal[];
  milestones: MilestoneTimes;
  durations: Durations;
  timeline: TimelineEvent[];
  proposedCommands: ProposedCommand[];
  /** Services the root cause's fault reached (itself included) that showed anomalies. */
  affectedServices: string[];
}

const MAX_ROOT_CAUSES = 5;

/** Pure: from a parsed bundle to timeline, milestones, signals and ranked root causes. */
export function analyzeIncident(input: IncidentBundle): Analysis {
  const bundle = { ...input, metrics: normalizeMetrics(input.metrics) };
  const alerts = dedupeAlerts(bundle.alerts);
  const frame = buildIncidentFrame(bundle, alerts);
  const anomalies = detectAnomalies(bundle.metrics, frame);
  const graph = buildServiceGraph(bundle);
  const serviceNames = new Set(graph.services.map((s) => s.toLowerCase()));
  const chat = bundle.chat.map((m) => classifyChat(m, serviceNames));
  const logPatterns = findLogPatterns(bundle.logs, frame.dataStartMs, frame.baselineEndMs, frame.windowStartMs, frame.windowEndMs);
  // Where the problem was seen: services alerting during the incident and those incident.json names.
  const pagedServices = new Set([...alerts.filter((a) => a.service && a.firingAtMs >= frame.windowStartMs && a.firingAtMs <= frame.windowEndMs).map((a) => a.service!), ...bundle.incident.services]);
  const faintAnomalies = detectFaintAnomalies(bundle.metrics, frame, silentDependencies(graph, pagedServices, anomalies));
  const evidence = gatherServiceEvidence({ graph, anomalies, changes: bundle.changes, logPatterns, alerts, chat, measuredBy: clientMeasurements(bundle), lowTraffic: lowTrafficServices(bundle), proxyAliases: findProxyAliases(graph), faintAnomalies });

  const onsets = [...evidence.values()].map(credibleOnsetMs).filter((t): t is number => t !== undefined && t >= frame.windowStartMs - 6 * 3_600_000);
  const firstOnsetMs = onsets.length ? Math.min(...onsets) : frame.firstPageMs;

  const symptomServices = new Set([...pagedServices].filter((s) => evidence.has(s)));
  const quietSymptoms = failureDeviations(bundle.metrics, frame, new Set([...symptomServices].filter((s) => !failureOf(evidence.get(s)!))));
  const candidates = scoreRootCandidates({ graph, evidence, firstOnsetMs, stepMs: frame.stepMs, windowEndMs: frame.windowEndMs, symptomServices, quietSymptoms, firstPageMs: frame.firstPageMs });
  const rootService = candidates[0]?.service;
  const reach = new Set(rootService ? [rootService, ...dependentsOf(graph, rootService)] : graph.services);
  for (const name of bundle.incident.services) reach.add(name);
  const affectedServices = [...reach].filter((s) => { const e = evidence.get(s); return e !== undefined && credibleOnsetMs(e) !== undefined; });
  const incidentAnomalies = anomalies.filter((a) => reach.has(a.series.service) && a.onsetMs >= frame.windowStartMs - 6 * 3_600_000);
  const milestones = findMilestones({
    frame,
    incidentOnsetsMs: symptomOnsets(incidentAnomalies),
    errorLogOnsetsMs: logPatterns.filter((p) => reach.has(p.service)).map((p) => p.firstSeenMs),
    recoveriesMs: recoveryTimes(incidentAnomalies),
    incidentAlerts: alerts.filter((a) => !a.service || reach.has(a.service)),
    chat,
    mitigationChangesMs: bundle.changes.filter((c) => isRevert(c) && c.timeMs > firstOnsetMs).map((c) => c.timeMs),
  });
  const firstSymptomMs = milestones.firstSymptomMs ?? firstOnsetMs;
  const ranked = rankRootCauses(candidates, evidence, firstSymptomMs);
  const signals = buildSignals({ graph, ranked, anomalies, changes: bundle.changes, alerts, logPatterns, chat, firstOnsetMs: firstSymptomMs, windowStartMs: frame.windowStartMs, windowEndMs: frame.windowEndMs });

  const rootCauses: RootCause[] = ranked.slice(0, MAX_ROOT_CAUSES).filter((r) => r.probability >= 0.005).map((r) => ({
    service: r.service,
    kind: r.kind,
    confidence: round3(r.probability),
    signalIds: signals.filter((s) => s.service === r.service && (s.label === 'likely-cause' || s.source === 'change' && s.id === `change:${r.change?.id}`)).map((s) => s.id).slice(0, 8),
    ...(r.change ? { changeId: r.change.id } : {}),
    rationale: r.rationale,
  }));
  return {
    frame,
    graph,
    alerts,
    anomalies,
    chat,
    ranked,
    rootCauses,
    signals: signals.map((s) => ({ ...s, confidence: round3(s.confidence) })),
    milestones,
    durations: durationsOf(milestones),
    timeline: buildTimeline({ alerts, changes: bundle.changes, chat, anomalies: incidentAnomalies, logPatterns, milestones, windowStartMs: frame.windowStartMs, windowEndMs: frame.windowEndMs, incidentChannel: bundle.incident.channel }),
    proposedCommands: proposeCommands(ranked, bundle.incident.id),
    affectedServices,
  };
}

/**
 * Onsets of the incident's symptoms: a leak or a filling pool that grew for hours before them is the
 * cause, not yet a symptom (a creeping bill is the symptom of a cost incident). Falls back to every anomaly when only slow growth was seen.
 */
function symptomOnsets(anomalies: readonly SeriesAnomaly[]): number[] {
  const felt = anomalies.filter((a) => !a.gradual || a.profile.family === 'cost');
  const pool = felt.length ? felt : anomalies;
  const byService = new Map<string, SeriesAnomaly[]>();
  for (const a of pool) (byService.get(a.series.service) ?? byService.set(a.series.service, []).get(a.series.service)!).push(a);
  // Per service, its substantial anomalies only: a faint wobble half an hour early is not the start.
  return [...byService.values()].map((list) => mainOnsetMs(list)!);
}

/** Dependencies of the paged services (not X-Ray proxies) with no failure anomaly of their own. */
function silentDependencies(graph: ServiceGraph, paged: ReadonlySet<string>, anomalies: readonly SeriesAnomaly[]): Set<string> {
  const failing = new Set(anomalies.filter((a) => isFailureFamily(a.profile.family)).map((a) => a.series.service));
  const silent = new Set<string>();
  for (const s of paged) for (const d of dependenciesOf(graph, s)) if (!failing.has(d) && !isProxyNode(d)) silent.add(d);
  return silent;
}

/** Services whose request rate (median over the data) stays under 0.05/s: three requests a minute. */
function lowTrafficServices(bundle: IncidentBundle): Set<string> {
  const low = new Set<string>();
  for (const s of bundle.metrics) {
    if (s.values.length === 0 || upstreamOf(s.name, s.labels) || !/requests?_per_second|_rps$|request_rate|^rate\(\w*requests(_total|_count)?\)$/.test(s.name)) continue;
    if (kthSmallest(s.values, s.values.length >> 1) < 0.05) low.add(s.service);
  }
  return low;
}

/** upstream → callers that have client-side series about it. */
function clientMeasurements(bundle: IncidentBundle): Map<string, Set<string>> {
  const measuredBy = new Map<string, Set<string>>();
  for (const s of bundle.metrics) {
    const upstream = upstreamOf(s.name, s.labels);
    if (upstream) (measuredBy.get(upstream) ?? measuredBy.set(upstream, new Set()).get(upstream)!).add(s.service);
  }
  return measuredBy;
}

/**
 * When the symptoms ended: the recovery of the last customer-facing anomaly to recover would be too
 * late (stragglers), the first too early (a blip); the median of the incident's recoveries is robust.
 */
function recoveryTimes(anomalies: readonly SeriesAnomaly[]): number[] {
  const times = anomalies.map((a) => a.recoveredMs).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  return times.length ? [times[times.length >> 1]!] : [];
}

function durationsOf(m: MilestoneTimes): Durations {
  const seconds = (from?: number, to?: number) => (from !== undefined && to !== undefined && to >= from ? Math.round((to - from) / 1000) : undefined);
  const d: Durations = {};
  const ttd = seconds(m.firstSymptomMs, m.detectedMs);
  const ttm = seconds(m.firstSymptomMs, m.mitigatedMs);
  const ttr = seconds(m.firstSymptomMs, m.resolvedMs);
  if (ttd !== undefined) d.timeToDetectSeconds = ttd;
  if (ttm !== undefined) d.timeToMitigateSeconds = ttm;
  if (ttr !== undefined) d.timeToResolveSeconds = ttr;
  return d;
}

/** A probability to three decimals; never a certain 1, which no calibrated estimate is. */
function round3(x: number): number {
  return Math.min(0.999, Math.round(x * 1000) / 1000);
}
