import type { AlertNotification } from '../domain/index.ts';

/** One alert after collapsing its re-sends: when it started firing and when (if) it resolved. */
export interface Alert {
  fingerprint: string;
  origin: AlertNotification['origin'];
  name: string;
  service?: string;
  severity?: string;
  labels: Readonly<Record<string, string>>;
  /** `summary`, `description` or `message` annotation, whichever is present first. */
  summary: string;
  firingAtMs: number;
  resolvedAtMs?: number;
  /** How many notifications carried this alert (re-sends included). */
  notificationCount: number;
  refs: string[];
}

/**
 * Collapses notifications by fingerprint: Alertmanager re-sends the same alert while it fires and once
 * more when it resolves. An alert that fired again after resolving is a new episode (a new Alert).
 */
export function dedupeAlerts(notifications: readonly AlertNotification[]): Alert[] {
  const ordered = [...notifications].sort((a, b) => a.startsAtMs - b.startsAtMs || a.notifiedAtMs - b.notifiedAtMs);
  const open = new Map<string, Alert>();
  const alerts: Alert[] = [];
  for (const n of ordered) {
    const key = `${n.origin}:${n.fingerprint}`;
    let alert = open.get(key);
    const isNewEpisode = alert?.resolvedAtMs !== undefined && n.startsAtMs > alert.resolvedAtMs;
    if (!alert || isNewEpisode) {
      alert = {
        fingerprint: n.fingerprint,
        origin: n.origin,
        name: n.name,
        service: n.service,
        severity: n.severity,
        labels: n.labels,
        summary: n.annotations.summary ?? n.annotations.description ?? n.annotations.message ?? '',
        firingAtMs: n.startsAtMs,
        notificationCount: 0,
        refs: [],
      };
      open.set(key, alert);
      alerts.push(alert);
    }
    alert.notificationCount++;
    if (alert.refs.length < 5) alert.refs.push(n.ref);
    alert.firingAtMs = Math.min(alert.firingAtMs, n.startsAtMs);
    if (n.status === 'resolved') {
      const endMs = n.endsAtMs ?? n.notifiedAtMs;
      alert.resolvedAtMs = Math.max(alert.resolvedAtMs ?? endMs, endMs);
    }
  }
  return alerts.sort((a, b) => a.firingAtMs - b.firingAtMs);
}
