import { templateLogLine } from '../analysis/log-patterns.ts';
import type { RootCauseKind, SignalLabel, SignalSource } from '../domain/index.ts';

/** One stored signal of an incident's latest report, as the clustering needs it. */
export interface ClusterSignalInput {
  incidentId: string;
  incidentTitle: string;
  service: string;
  kind: RootCauseKind;
  source: SignalSource;
  label: SignalLabel;
  confidence: number;
  title: string;
  /** When the signal began (RFC 3339). */
  startedAt: string;
}

/**
 * A signal that recurs across incidents: the same service, kind, source and shape (metric name and
 * direction, log template, change type, alert name, chat template) in at least `minIncidents` incidents.
 */
export interface SignalCluster {
  /** `service|kind|source|shape`: stable across runs, usable as an id. */
  key: string;
  service: string;
  kind: RootCauseKind;
  source: SignalSource;
  /** The normalized shape, e.g. `http_request_error_ratio rose`, `deploy`, `stripe: <n> Unauthorized`. */
  shape: string;
  /** How many distinct incidents had it. */
  incidentCount: number;
  /** How many signals fell into it (an incident may contribute several). */
  signalCount: number;
  /** Earliest and latest `startedAt` of its signals (RFC 3339). */
  firstSeen: string;
  lastSeen: string;
  /** Every incident that had it, most recent first. */
  incidentIds: string[];
  /** Up to three of those incidents with their titles, most recent first. */
  examples: Array<{ incidentId: string; title: string }>;
  /** The label its signals got most often (ties: the more causal label). */
  typicalLabel: SignalLabel;
  /** How many of its signals got each label. */
  labelCounts: Partial<Record<SignalLabel, number>>;
  /** Mean confidence of its signals, in [0, 1]. */
  meanConfidence: number;
}

const LABEL_ORDER: readonly SignalLabel[] = ['likely-cause', 'contributing', 'correlated', 'symptom', 'unrelated'];

/**
 * The shape of a signal with its numbers, times and ids taken out, so the same kind of evidence in two
 * incidents compares equal: a metric's name and direction (`http_request_error_ratio rose`), a change's
 * type (`secret_rotation`), an alert's name (`HighErrorRate`), a log or chat message's template.
 */
export function signalShape(signal: Pick<ClusterSignalInput, 'source' | 'service' | 'title'>): string {
  const title = signal.title.trim();
  switch (signal.source) {
    case 'metric': {
      // "payments http_request_error_ratio rose from …" or "checkout → payments client_errors fell …"
      const match = /^\S+(?: → (\S+))? (\S+) (rose|fell|grew steadily|declined steadily)\b/.exec(title);
      if (match) return `${match[1] ? `→${match[1]} ` : ''}${match[2]} ${match[3]}`;
      return templateText(title);
    }
    case 'change':
      return /^(\S+) of /.exec(title)?.[1] ?? templateText(title);
    case 'alert': {
      // "HighErrorRate (checkout): …", "[FIRING:1] HighErrorRate …", "PagerDuty #8881 (checkout, high urgency): [FIRING:1] HighErrorRate …"
      const name = /^(?:PagerDuty(?: #\d+)?(?: \([^)]*\))?: )?(?:\[FIRING:\d+\] )?([A-Za-z][\w.:-]*)/.exec(title)?.[1];
      return name ?? templateText(title);
    }
    case 'log':
      return templateText(title.replace(/^\S+ logs: /, '').replace(/^[\w.$]+\.[A-Z]\w* - /, ''));
    case 'chat':
      return templateText(title.replace(/^[^:]{1,40}: /, ''));
  }
}

function templateText(text: string): string {
  return templateLogLine(text).replace(/\bsk_\w+\*+\w*|\*{3,}\w*/g, '<secret>');
}

/**
 * Groups signals into recurring clusters (same service + kind + source + shape in at least
 * `minIncidents` distinct incidents, default 2), most widespread first (incident count, then most
 * recently seen, then key). Pure: the caller fetches the rows and picks the time window.
 */
export function groupSignalClusters(signals: readonly ClusterSignalInput[], options: { minIncidents?: number } = {}): SignalCluster[] {
  const minIncidents = Math.max(1, options.minIncidents ?? 2);
  const groups = new Map<string, ClusterSignalInput[]>();
  for (const signal of signals) {
    const key = [signal.service, signal.kind, signal.source, signalShape(signal)].join('|');
    const group = groups.get(key);
    if (group) group.push(signal);
    else groups.set(key, [signal]);
  }
  const clusters: SignalCluster[] = [];
  for (const [key, members] of groups) {
    const lastByIncident = new Map<string, { title: string; at: string }>();
    for (const m of members) {
      const seen = lastByIncident.get(m.incidentId);
      if (!seen || m.startedAt > seen.at) lastByIncident.set(m.incidentId, { title: m.incidentTitle, at: m.startedAt });
    }
    if (lastByIncident.size < minIncidents) continue;
    const recentFirst = [...lastByIncident.entries()].sort((a, b) => b[1].at.localeCompare(a[1].at) || a[0].localeCompare(b[0]));
    const labelCounts: Partial<Record<SignalLabel, number>> = {};
    for (const m of members) labelCounts[m.label] = (labelCounts[m.label] ?? 0) + 1;
    const typicalLabel = LABEL_ORDER.reduce((best, label) => ((labelCounts[label] ?? 0) > (labelCounts[best] ?? 0) ? label : best));
    const times = members.map((m) => m.startedAt).sort();
    const first = members[0]!;
    clusters.push({
      key,
      service: first.service,
      kind: first.kind,
      source: first.source,
      shape: signalShape(first),
      incidentCount: lastByIncident.size,
      signalCount: members.length,
      firstSeen: times[0]!,
      lastSeen: times[times.length - 1]!,
      incidentIds: recentFirst.map(([id]) => id),
      examples: recentFirst.slice(0, 3).map(([incidentId, { title }]) => ({ incidentId, title })),
      typicalLabel,
      labelCounts,
      meanConfidence: members.reduce((sum, m) => sum + m.confidence, 0) / members.length,
    });
  }
  return clusters.sort((a, b) => b.incidentCount - a.incidentCount || b.lastSeen.localeCompare(a.lastSeen) || a.key.localeCompare(b.key));
}
