import { parseRfc3339Ms } from '../../src/ingest/index.ts';
import { readTextIfExists } from '../shared/read-text-if-exists.ts';
import { addAlertFile } from './add-alert-file.ts';
import type { AlertSnapshot, AlertsBackend } from './alert-snapshot.ts';
import { fetchAlertmanagerAlerts } from './alertmanager-api-alerts.ts';
import { emptyAlertSnapshot } from './empty-alert-snapshot.ts';
import { StoredAlertSchema, type StoredAlert } from './stored-alert.ts';

/** Where live alerts come from. */
export interface AlertsLiveOptions {
  /** JSONL store the webhook receiver appends to (`OPSIGHT_ALERTS_FILE`). */
  storeFile: string;
  /** Alertmanager base URL (`http://alertmanager:9093`); absent → stored notifications only. */
  alertmanagerUrl?: string;
  now?: () => number;
}

/**
 * Live alerts: every notification the webhook receiver stored (re-read on each call), plus, when
 * `alertmanagerUrl` is set, the alerts Alertmanager's API v2 holds right now, each as the webhook
 * payload Alertmanager would send for it (so `alerts_get_notifications` serves them too).
 */
export function createAlertsLiveBackend(options: AlertsLiveOptions): AlertsBackend {
  const now = options.now ?? Date.now;
  return {
    description: `alert store ${options.storeFile}${options.alertmanagerUrl ? ` + Alertmanager ${options.alertmanagerUrl}` : ''}`,
    async snapshot(): Promise<AlertSnapshot> {
      const [text, apiAlerts] = await Promise.all([
        readTextIfExists(options.storeFile),
        options.alertmanagerUrl ? fetchAlertmanagerAlerts(options.alertmanagerUrl, now()) : [],
      ]);
      const snapshot = emptyAlertSnapshot();
      addStoredAlerts(snapshot, options.storeFile, text);
      if (apiAlerts.length > 0) {
        const text = apiAlerts.map((a) => JSON.stringify(a.value)).join('\n');
        addAlertFile(snapshot, 'alertmanager', `${options.alertmanagerUrl}/api/v2/alerts`, text, (line) => apiAlerts[line - 1]?.timeMs);
      }
      return snapshot;
    },
  };
}

/** Splits the store's envelope lines by source and adds each source's payloads, timed by receipt. */
function addStoredAlerts(into: AlertSnapshot, file: string, text: string): void {
  const bySource: Record<StoredAlert['source'], { lines: string[]; receivedMs: number[] }> = {
    alertmanager: { lines: [], receivedMs: [] },
    pagerduty: { lines: [], receivedMs: [] },
  };
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let stored: StoredAlert | undefined;
    try {
      const parsed = StoredAlertSchema.safeParse(JSON.parse(raw));
      stored = parsed.success ? parsed.data : undefined;
    } catch {
      stored = undefined;
    }
    if (!stored) {
      into.problems.push(`${file} line ${index + 1}: not a stored notification; skipped`);
      return;
    }
    const target = bySource[stored.source];
    target.lines.push(JSON.stringify(stored.payload));
    target.receivedMs.push(parseRfc3339Ms(stored.receivedAt) ?? 0);
  });
  for (const source of ['alertmanager', 'pagerduty'] as const) {
    const { lines, receivedMs } = bySource[source];
    if (lines.length > 0) addAlertFile(into, source, file, lines.join('\n'), (line) => receivedMs[line - 1]);
  }
}
