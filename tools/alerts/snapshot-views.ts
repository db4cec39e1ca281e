import { groupAlerts } from './group-alerts.ts';
import type { AlertGroup } from './alert-group.ts';
import type { AlertSnapshot, Timed } from './alert-snapshot.ts';

/** A raw notification tagged with its source, for one time-ordered list of both kinds. */
export type TaggedNotification = Timed<Record<string, unknown>> & { source: 'alertmanager' | 'pagerduty' };

interface Views {
  groups: AlertGroup[];
  timeline: TaggedNotification[];
}

// A bundle snapshot never changes: derive its views once. Live snapshots are new objects per call.
const cache = new WeakMap<AlertSnapshot, Views>();

function viewsOf(snapshot: AlertSnapshot): Views {
  let views = cache.get(snapshot);
  if (!views) {
    const timeline = [
      ...snapshot.alertmanager.map((t) => ({ ...t, source: 'alertmanager' as const })),
      ...snapshot.pagerduty.map((t) => ({ ...t, source: 'pagerduty' as const })),
    ].sort((a, b) => a.timeMs - b.timeMs);
    views = { groups: groupAlerts(snapshot.notifications), timeline };
    cache.set(snapshot, views);
  }
  return views;
}

/** The snapshot's alerts grouped by fingerprint (see groupAlerts), sorted by first firing time. */
export function alertGroupsOf(snapshot: AlertSnapshot): AlertGroup[] {
  return viewsOf(snapshot).groups;
}

/** The snapshot's raw Alertmanager payloads and PagerDuty events in one list, oldest first. */
export function notificationTimelineOf(snapshot: AlertSnapshot): TaggedNotification[] {
  return viewsOf(snapshot).timeline;
}
