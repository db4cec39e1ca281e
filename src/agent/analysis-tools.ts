import { z } from 'zod';
import type { Analysis } from '../analysis/analyze-incident.ts';
import { describeAnomaly, describeChange } from '../analysis/describe.ts';
import { toIso } from '../analysis/time.ts';
import type { IncidentBundle } from '../domain/index.ts';
import { selectKeyEvents } from '../report/select-key-events.ts';
import { defineTool, type AgentTool } from './agent-tool.ts';

/** A similar past incident as the tool returns it (the store's `SimilarIncident` fits). */
export interface SimilarIncidentSummary {
  incidentId: string;
  title: string;
  similarity: number;
  rootCause?: { service: string; kind: string };
  proposedCommand?: { command: string; args: Record<string, string> };
}

/** Looks up stored incidents like this one (e.g. `findSimilarIncidents` over the store). */
export type FindSimilar = (limit: number) => Promise<SimilarIncidentSummary[]>;

const Iso = z.iso.datetime({ offset: true });
const MAX_POINTS = 24;

/**
 * The deterministic analysis as tools: timeline, ranked signals, anomaly detail, changes before a time,
 * similar incidents. Outputs carry raw analysis text: the loop redacts every output with the incident's
 * redactor, so a secret gets the same placeholder here as in the context.
 */
export function analysisTools(input: { bundle: IncidentBundle; analysis: Analysis; findSimilar?: FindSimilar }): AgentTool[] {
  const { bundle, analysis, findSimilar } = input;
  const tools = [
    defineTool('get_timeline', 'The reconstructed incident timeline (UTC): milestones, changes, alerts, anomaly onsets, new error logs and chat. Without filters, the key events only.',
      z.object({
        from: Iso.optional().describe('Only events at or after this RFC 3339 time'),
        to: Iso.optional().describe('Only events at or before this RFC 3339 time'),
        kinds: z.array(z.enum(['alert', 'change', 'chat', 'metric', 'log', 'milestone'])).optional().describe('Only these event kinds'),
        service: z.string().optional().describe('Only events of this service'),
        limit: z.number().int().min(1).max(100).default(40).describe('At most this many events'),
      }),
      (a) => {
        const filtered = a.from || a.to || a.kinds || a.service;
        const fromMs = a.from ? Date.parse(a.from) : -Infinity;
        const toMs = a.to ? Date.parse(a.to) : Infinity;
        const events = (filtered ? analysis.timeline.filter((e) => !e.minor) : selectKeyEvents(analysis, a.limit)).filter((e) => {
          const t = Date.parse(e.time);
          return t >= fromMs && t <= toMs && (!a.kinds || a.kinds.includes(e.kind)) && (!a.service || e.service === a.service);
        });
        return { total: events.length, events: events.slice(0, a.limit).map((e) => ({ time: e.time, kind: e.kind, service: e.service, text: e.text })) };
      }),
    defineTool('get_ranked_signals', 'Signals ranked by the deterministic analysis: id, label (likely-cause, contributing, correlated, symptom, unrelated), calibrated confidence, rationale with its numbers, evidence references.',
      z.object({
        limit: z.number().int().min(1).max(50).default(10).describe('At most this many signals, highest confidence first'),
        service: z.string().optional().describe('Only signals of this service'),
        label: z.enum(['likely-cause', 'contributing', 'correlated', 'symptom', 'unrelated']).optional().describe('Only signals with this label'),
      }),
      (a) => {
        const list = [...analysis.signals].sort((x, y) => y.confidence - x.confidence).filter((s) => (!a.service || s.service === a.service) && (!a.label || s.label === a.label));
        return { total: list.length, signals: list.slice(0, a.limit) };
      }),
    defineTool('get_anomaly_detail', 'Detail of one metric anomaly or signal: baseline, anomalous value, z-score, onset, peak, recovery and the series downsampled around the incident. Accepts a signal id (metric:…, change:…, log:…) or a series ref.',
      z.object({ id: z.string().min(1).describe('A signal id such as "metric:metrics/payments.json#3", or a series ref "metrics/payments.json#3"') }),
      (a) => anomalyDetail(bundle, analysis, a.id)),
    defineTool('get_changes_before', 'Change events (deploys, config, flags, rotations, migrations…) in the window before a time, newest first, with their signal ids.',
      z.object({
        time: Iso.describe('RFC 3339 time; changes at or before it'),
        service: z.string().optional().describe('Only changes of this service'),
        window_minutes: z.number().int().min(1).max(10_080).default(120).describe('How far back to look'),
        limit: z.number().int().min(1).max(50).default(15),
      }),
      (a) => {
        const atMs = Date.parse(a.time);
        const list = bundle.changes.filter((c) => c.timeMs <= atMs && c.timeMs >= atMs - a.window_minutes * 60_000 && (!a.service || c.service === a.service)).reverse();
        return { total: list.length, changes: list.slice(0, a.limit).map((c) => ({ signalId: `change:${c.id}`, time: toIso(c.timeMs), service: c.service, type: c.type, description: describeChange(c) })) };
      }),
  ];
  if (findSimilar) {
    tools.push(defineTool('get_similar_incidents', 'Stored past incidents most similar to this one, with their root cause and first proposed fix.',
      z.object({ limit: z.number().int().min(1).max(10).default(3) }),
      async (a) => ({ incidents: await findSimilar(a.limit) })));
  }
  return tools;
}

function anomalyDetail(bundle: IncidentBundle, analysis: Analysis, id: string): unknown {
  const ref = id.startsWith('metric:') ? id.slice('metric:'.length) : id;
  const anomaly = analysis.anomalies.find((a) => a.series.ref === ref);
  const series = anomaly?.series ?? bundle.metrics.find((s) => s.ref === ref);
  if (!series) {
    const signal = analysis.signals.find((s) => s.id === id);
    if (signal) return { signal };
    return { error: `no signal or series "${id}"; use an id from get_ranked_signals or the context` };
  }
  const { windowStartMs, windowEndMs } = analysis.frame;
  const from = Math.min(windowStartMs, anomaly?.onsetMs ?? windowStartMs) - 15 * 60_000;
  const points: Array<[string, number]> = [];
  const idx: number[] = [];
  for (let i = 0; i < series.timesMs.length; i++) if (series.timesMs[i]! >= from && series.timesMs[i]! <= windowEndMs) idx.push(i);
  const stride = Math.max(1, Math.ceil(idx.length / MAX_POINTS));
  for (let k = 0; k < idx.length; k += stride) points.push([toIso(series.timesMs[idx[k]!]!), round(series.values[idx[k]!]!)]);
  return {
    signalId: `metric:${series.ref}`,
    series: { service: series.service, name: series.name, labels: series.labels },
    anomaly: anomaly
      ? { description: describeAnomaly(anomaly), direction: anomaly.direction, baseline: round(anomaly.baseline), anomalous: round(anomaly.anomalous), zScore: round(anomaly.zScore), ratio: Number.isFinite(anomaly.ratio) ? round(anomaly.ratio) : 'infinite (baseline 0)', onset: toIso(anomaly.onsetMs), peak: toIso(anomaly.peakMs), recovered: anomaly.recoveredMs === undefined ? null : toIso(anomaly.recoveredMs), gradual: anomaly.gradual }
      : null,
    points,
  };
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
