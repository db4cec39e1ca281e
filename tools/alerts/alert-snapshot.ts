import type { AlertNotification } from '../../src/domain/index.ts';

/** A raw notification with the time it stands for (received, or derived from its alerts), unix ms. */
export interface Timed<T> {
  timeMs: number;
  value: T;
}

/**
 * Everything an alerts backend knows at one moment: the raw payloads (for collectors) and one
 * AlertNotification per alert per notification (for grouping by fingerprint).
 */
export interface AlertSnapshot {
  /** Alertmanager webhook payloads (version "4"), as received. */
  alertmanager: Timed<Record<string, unknown>>[];
  /** PagerDuty V3 webhook events (`{event: …}`), as received. */
  pagerduty: Timed<Record<string, unknown>>[];
  notifications: AlertNotification[];
  /** Lines that could not be read, said for a human (`alerts/x.jsonl line 3: …`). */
  problems: string[];
}

/** Where the alerts tools read from: an incident bundle or the live stores. */
export interface AlertsBackend {
  readonly description: string;
  /** Reads the current snapshot; throws BackendUnavailableError when a live source is unreachable. */
  snapshot(): Promise<AlertSnapshot>;
}
