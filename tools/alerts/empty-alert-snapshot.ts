import type { AlertSnapshot } from './alert-snapshot.ts';

/** A snapshot with nothing in it, to add files to. */
export function emptyAlertSnapshot(): AlertSnapshot {
  return { alertmanager: [], pagerduty: [], notifications: [], problems: [] };
}
