import type { IncidentRecord } from './incident-records.ts';

const SEVERITY_ICON: Record<string, string> = { sev1: ':red_circle:', sev2: ':large_orange_circle:', sev3: ':large_yellow_circle:', sev4: ':white_circle:' };
const STATUS_TEXT: Record<IncidentRecord['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring (mitigated)',
  resolved: 'Resolved',
};

/** "1 h 05 min", "12 min", "40 s": how long the incident has been (or was) open. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The channel topic: severity, status and commander, within Slack's 250 characters. */
export function renderTopic(incident: IncidentRecord): string {
  const commander = incident.commanderUserId ? `<@${incident.commanderUserId}>` : 'unassigned';
  return `${incident.severity.toUpperCase()} · ${STATUS_TEXT[incident.status]} · IC ${commander} · ${incident.title}`.slice(0, 250);
}

/** The pinned header message: kept up to date after every lifecycle change. */
export function renderHeader(incident: IncidentRecord, nowMs: number): { text: string; blocks: object[] } {
  const endMs = incident.resolvedAtMs ?? nowMs;
  const commander = incident.commanderUserId ? `<@${incident.commanderUserId}>` : '_unassigned_ — `/incident commander @someone`';
  const headline = `${SEVERITY_ICON[incident.severity] ?? ''} ${incident.severity.toUpperCase()} · ${incident.title}`.trim();
  const fields = [
    `*Status*\n${STATUS_TEXT[incident.status]}`,
    `*Severity*\n${incident.severity.toUpperCase()}`,
    `*Commander*\n${commander}`,
    `*${incident.resolvedAtMs ? 'Was open' : 'Open for'}*\n${formatDuration(endMs - incident.openedAtMs)} (since <!date^${Math.floor(incident.openedAtMs / 1000)}^{date_short_pretty} {time}|${new Date(incident.openedAtMs).toISOString()}>)`,
  ];
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (incident.latestUpdate) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Latest*\n${incident.latestUpdate}`.slice(0, 3000) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${incident.id} · \`/incident update\` · \`/incident severity\` · \`/incident resolve\`` }] });
  return { text: `${headline} — ${STATUS_TEXT[incident.status]}`, blocks };
}
