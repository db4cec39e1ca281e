import { analyzeIncident } from '../analysis/analyze-incident.ts';
import type { Incident } from '../domain/index.ts';
import type { IncidentRecord } from '../lifecycle/incident-records.ts';
import { buildReport } from '../report/build-report.ts';
import type { Database } from '../store/database.ts';
import { saveIncidentReport } from '../store/incident-store.ts';
import type { ReadChannelIncident } from './channel-incident-responder.ts';

/**
 * Analyzes a declared incident's channel (chat plus the configured or live sources) under the incident's
 * own id, title, severity and times, and stores the report — so the nightly retrospective, similar
 * incidents and recurring clusters see incidents run from Slack like ingested ones. Returns the report id.
 */
export async function storeChannelAnalysis(db: Database, readIncident: ReadChannelIncident, record: IncidentRecord): Promise<string> {
  if (!record.channelId) throw new Error(`${record.id} has no channel to analyze`);
  const { bundle } = await readIncident(record.channelId);
  const incident: Incident = {
    id: record.id,
    title: record.title,
    severity: record.severity,
    ...(record.channelName ? { channel: record.channelName } : {}),
    openedAt: new Date(record.openedAtMs).toISOString(),
    ...(record.resolvedAtMs !== null ? { resolvedAt: new Date(record.resolvedAtMs).toISOString() } : {}),
    services: record.services.length ? record.services : bundle.incident.services,
  };
  const declared = { ...bundle, incident };
  const report = buildReport(declared, analyzeIncident(declared));
  return saveIncidentReport(db, incident, report, `slack:${record.channelId}`);
}
