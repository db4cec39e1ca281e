import type { AlertNotification } from '../../src/domain/index.ts';
import type { AlertGroup } from './alert-group.ts';

/**
 * Collapses notifications into one group per fingerprint, sorted by first firing time: re-sends count
 * as notifications; the latest notification (resolved wins a tie) gives state, labels and annotations;
 * a resolved latest notification sets resolvedAt (its endsAt, else its time).
 */
export function groupAlerts(notifications: readonly AlertNotification[]): AlertGroup[] {
  const byFingerprint = new Map<string, AlertNotification[]>();
  for (const n of notifications) {
    const list = byFingerprint.get(n.fingerprint);
    if (list) list.push(n);
    else byFingerprint.set(n.fingerprint, [n]);
  }
  const groups: Array<AlertGroup & { firstMs: number }> = [];
  for (const [fingerprint, list] of byFingerprint) {
    let latest = list[0] as AlertNotification;
    let firstMs = latest.startsAtMs;
    for (const n of list) {
      firstMs = Math.min(firstMs, n.startsAtMs);
      if (n.notifiedAtMs > latest.notifiedAtMs || (n.notifiedAtMs === latest.notifiedAtMs && n.status === 'resolved')) latest = n;
    }
    groups.push({
      fingerprint,
      source: latest.origin,
      alertname: latest.labels.alertname || latest.name,
      service: latest.service,
      severity: latest.severity,
      state: latest.status,
      firstFiringAt: iso(firstMs),
      lastSeenAt: iso(latest.notifiedAtMs),
      resolvedAt: latest.status === 'resolved' ? iso(latest.endsAtMs ?? latest.notifiedAtMs) : undefined,
      labels: latest.labels,
      annotations: latest.annotations,
      notifications: list.length,
      firstMs,
    });
  }
  return groups.sort((a, b) => a.firstMs - b.firstMs || (a.fingerprint < b.fingerprint ? -1 : 1)).map(({ firstMs: _, ...group }) => group);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
