import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listBundleFiles } from '../../src/ingest/index.ts';
import { addAlertFile } from './add-alert-file.ts';
import type { AlertSnapshot, AlertsBackend } from './alert-snapshot.ts';
import { emptyAlertSnapshot } from './empty-alert-snapshot.ts';

/**
 * Serves the alerts of an incident bundle: `alerts/*.jsonl` (Alertmanager webhook payloads) and
 * `alerts/*.pagerduty.jsonl` (PagerDuty V3 events), read raw once on first use.
 * Throws a UserError when `dir` is not a directory.
 */
export async function openAlertsBundleBackend(dir: string): Promise<AlertsBackend> {
  const files = await listBundleFiles(dir);
  let loaded: Promise<AlertSnapshot> | undefined;
  async function load(): Promise<AlertSnapshot> {
    const snapshot = emptyAlertSnapshot();
    const all = [
      ...files.alertmanager.map((file) => ({ file, format: 'alertmanager' as const })),
      ...files.pagerduty.map((file) => ({ file, format: 'pagerduty' as const })),
    ];
    const texts = await Promise.all(all.map(({ file }) => readFile(join(dir, file), 'utf8')));
    all.forEach(({ file, format }, i) => addAlertFile(snapshot, format, file, texts[i] ?? ''));
    return snapshot;
  }
  return {
    description: `bundle ${dir}`,
    snapshot: () => (loaded ??= load()),
  };
}
