import { z } from 'zod';
import type { AlertNotification, IngestProblem } from '../../domain/index.ts';
import { parseAlertmanager, parsePagerduty } from '../../ingest/index.ts';
import type { CallSettings } from './call-structured-tool.ts';
import { collectPages, PageSchema } from './collect-pages.ts';

const NotificationsPageSchema = PageSchema.extend({ alertmanager: z.array(z.unknown()), pagerduty: z.array(z.unknown()) });

/**
 * Reads the raw Alertmanager (version 4) and PagerDuty V3 payloads received in [start, end] through
 * `alerts_get_notifications` and validates them line by line with the bundle parsers (a bad payload is a
 * problem, as a bad JSONL line is). Undefined when the tool could not be read.
 */
export async function collectAlerts(settings: CallSettings, start: string, end: string): Promise<AlertNotification[] | undefined> {
  const pages = await collectPages(settings, 'alerts_get_notifications', { start, end, limit: 500 }, NotificationsPageSchema);
  if (!pages) return undefined;
  const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n');
  const alertmanager = parseAlertmanager(jsonl(pages.flatMap((p) => p.alertmanager)), 'mcp:alerts_get_notifications(alertmanager)');
  const pagerduty = parsePagerduty(jsonl(pages.flatMap((p) => p.pagerduty)), 'mcp:alerts_get_notifications(pagerduty)');
  addAll(settings.problems, alertmanager.problems, pagerduty.problems);
  return [...alertmanager.alerts, ...pagerduty.alerts];
}

function addAll(into: IngestProblem[], ...lists: IngestProblem[][]): void {
  for (const list of lists) for (const p of list) into.push(p);
}
