import type { Rng } from './rng.ts';
import type { AlertInstance } from './synthesize-alerts.ts';

const Zero = '0001-01-01T00:00:00Z';

export interface AlertmanagerOptions {
  /** Alerts are grouped by these labels (Alertmanager `group_by`). */
  groupBy: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  externalURL: string;
  /** No notification before this time (the start of the export window). */
  fromMs: number;
  /** No notification after this time (when the bundle was exported). */
  untilMs: number;
}

/** A webhook payload with the time it was sent. */
export interface Notification {
  sentMs: number;
  receiver: string;
  payload: Record<string, unknown>;
}

/** Stable fingerprint of a label set (16 hex chars, like Alertmanager's). */
export function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Alertmanager webhook notifications for a set of alert instances: first send after group_wait,
 * re-sends while firing, one resolved send. Receivers: critical → `pagerduty-critical`, else `slack-warnings`.
 */
export function buildNotifications(rng: Rng, instances: readonly AlertInstance[], opts: AlertmanagerOptions): Notification[] {
  const groups = new Map<string, AlertInstance[]>();
  for (const inst of instances) {
    const receiver = inst.severity === 'critical' ? 'pagerduty-critical' : 'slack-warnings';
    const key = `${receiver}|${opts.groupBy.map((l) => `${l}=${inst.labels[l] ?? ''}`).join(',')}`;
    const list = groups.get(key) ?? [];
    list.push(inst);
    groups.set(key, list);
  }
  const out: Notification[] = [];
  for (const [key, members] of groups) {
    const receiver = key.split('|')[0] as string;
    const groupLabels: Record<string, string> = {};
    for (const l of opts.groupBy) {
      const v = members[0]?.labels[l];
      if (v !== undefined) groupLabels[l] = v;
    }
    const groupKey = `{}/{severity=~"${receiver === 'pagerduty-critical' ? 'critical' : 'warning|info'}"}:{${Object.entries(groupLabels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
    // Candidate send times: each start/end (after group_wait/interval), plus re-sends while firing.
    const times = new Set<number>();
    for (const m of members) {
      times.add(m.startsMs + opts.groupWaitMs + rng.int(0, 3000));
      if (m.endsMs !== undefined) times.add(m.endsMs + opts.groupIntervalMs + rng.int(0, 3000));
    }
    const events = [...times].sort((x, y) => x - y);
    const firingAt = (t: number) => members.some((m) => m.startsMs <= t && (m.endsMs === undefined || m.endsMs > t));
    const sends: number[] = [];
    let cur = events[0];
    if (cur !== undefined && cur < opts.fromMs && firingAt(opts.fromMs)) {
      cur += Math.ceil((opts.fromMs - cur) / opts.repeatIntervalMs) * opts.repeatIntervalMs;
    }
    while (cur !== undefined && cur <= opts.untilMs) {
      if (cur >= opts.fromMs) sends.push(cur);
      const c = cur;
      const nextEvent = events.find((t) => t > c);
      const repeat = firingAt(c) ? c + opts.repeatIntervalMs : undefined;
      cur = nextEvent === undefined ? repeat : repeat === undefined ? nextEvent : Math.min(nextEvent, repeat);
    }
    let previous = (sends[0] ?? 0) - opts.groupIntervalMs;
    for (const t of sends) {
      if (t > opts.untilMs) break;
      const included = members.filter((m) => m.startsMs <= t && (m.endsMs === undefined || m.endsMs > previous));
      previous = t;
      if (included.length === 0) continue;
      const alerts = included.map((m) => {
        const resolved = m.endsMs !== undefined && m.endsMs <= t;
        return {
          status: resolved ? 'resolved' : 'firing',
          labels: m.labels,
          annotations: m.annotations,
          startsAt: iso(m.startsMs),
          endsAt: resolved ? iso(m.endsMs as number) : Zero,
          generatorURL: `http://prometheus-k8s-0:9090/graph?g0.expr=${encodeURIComponent(m.expr)}&g0.tab=1`,
          fingerprint: fingerprintOf(m.labels),
        };
      });
      const status = alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
      out.push({
        sentMs: t,
        receiver,
        payload: {
          receiver,
          status,
          alerts,
          groupLabels,
          commonLabels: common(alerts.map((a) => a.labels)),
          commonAnnotations: common(alerts.map((a) => a.annotations)),
          externalURL: opts.externalURL,
          version: '4',
          groupKey,
          truncatedAlerts: 0,
        },
      });
    }
  }
  return out.sort((a, b) => a.sentMs - b.sentMs);
}

function common(maps: Array<Record<string, string>>): Record<string, string> {
  const first = maps[0] ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) if (maps.every((m) => m[k] === v)) out[k] = v;
  return out;
}
