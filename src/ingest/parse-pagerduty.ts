import { z } from 'zod';
import type { AlertNotification, IngestProblem } from '../domain/index.ts';
import type { ParsedAlerts } from './parse-alertmanager.ts';
import { parseJsonLines } from './parse-json-lines.ts';
import { TimestampMsSchema } from './timestamp-ms-schema.ts';
import { zodLineProblem } from './zod-line-problem.ts';

const opt = z.string().nullish();

const EventBase = z.object({
  id: z.string().optional(),
  event_type: z.string().min(1),
  resource_type: opt,
  occurred_at: TimestampMsSchema,
  agent: z.object({ summary: opt }).nullish(),
});

/** `data` of `incident.*` events whose `data.type` is `incident` (triggered, acknowledged, resolved, priority_updated…). */
const IncidentDataSchema = z.object({
  id: z.string().min(1),
  type: opt,
  title: opt,
  status: opt,
  number: z.number().nullish(),
  incident_key: opt,
  urgency: opt,
  html_url: opt,
  created_at: TimestampMsSchema.nullish(),
  service: z.object({ id: opt, summary: opt }).nullish(),
  priority: z.object({ summary: opt, name: opt }).nullish(),
});

/** `data` of the other incident events (annotated → incident_note, responder.* …): a reference to the incident. */
const ReferenceDataSchema = z.object({
  type: opt,
  content: opt,
  incident: z.object({ id: z.string().min(1), summary: opt, html_url: opt }),
});

const IncidentEventLine = z.object({ event: EventBase.extend({ data: IncidentDataSchema }) });
const ReferenceEventLine = z.object({ event: EventBase.extend({ data: ReferenceDataSchema }) });

type IncidentData = z.infer<typeof IncidentDataSchema>;
type ParsedEvent =
  | { line: number; kind: 'incident'; event: z.infer<typeof IncidentEventLine>['event'] }
  | { line: number; kind: 'reference'; event: z.infer<typeof ReferenceEventLine>['event'] };

/**
 * Parses an `alerts/*.pagerduty.jsonl` file of PagerDuty V3 webhook events (`{event: {event_type,
 * occurred_at, data, …}}`, one per line) into AlertNotifications: `incident.triggered` → firing,
 * `incident.resolved` → resolved, any other `incident.*` event → a firing re-send at its `occurred_at`.
 * fingerprint = `pagerduty:<incident_key or incident id>`; events that only reference their incident
 * (notes, responders) borrow key, title and service from the file's other events for that incident.
 * Non-incident events (`service.*`) are ignored and counted in one problem.
 * @param file bundle-relative path (`alerts/pd.pagerduty.jsonl`), used in refs and problems.
 */
export function parsePagerduty(text: string, file: string): ParsedAlerts {
  const problems: IngestProblem[] = [];
  const events: ParsedEvent[] = [];
  let ignored = 0;
  for (const { line, value } of parseJsonLines(file, text, problems)) {
    const raw = rawEvent(value);
    if (raw && typeof raw.event_type === 'string' && !raw.event_type.startsWith('incident.')) {
      ignored++;
      continue;
    }
    if (isIncidentData(raw?.data)) {
      const parsed = IncidentEventLine.safeParse(value);
      if (parsed.success) events.push({ line, kind: 'incident', event: parsed.data.event });
      else problems.push(zodLineProblem(file, line, parsed.error, value));
    } else {
      const parsed = ReferenceEventLine.safeParse(value);
      if (parsed.success) events.push({ line, kind: 'reference', event: parsed.data.event });
      else problems.push(zodLineProblem(file, line, parsed.error, value));
    }
  }
  if (ignored > 0) {
    problems.push({ file, field: 'event.event_type', message: `${ignored} non-incident event(s) ignored` });
  }

  const incidents = new Map<string, Partial<IncidentData>>();
  for (const e of events) {
    if (e.kind === 'incident') incidents.set(e.event.data.id, { ...incidents.get(e.event.data.id), ...withoutNullish(e.event.data) });
  }
  return { alerts: events.map((e) => toNotification(e, incidents, file)), problems };
}

function toNotification(e: ParsedEvent, incidents: ReadonlyMap<string, Partial<IncidentData>>, file: string): AlertNotification {
  const event = e.event;
  const incidentId = e.kind === 'incident' ? e.event.data.id : e.event.data.incident.id;
  const known = incidents.get(incidentId);
  // A reference event borrows the incident's identity (key, title, service) but not its status, which the
  // file's later events may have changed.
  const data: Partial<IncidentData> = e.kind === 'incident' ? { ...known, ...withoutNullish(e.event.data) } : { ...known, status: undefined };
  const title = data.title || (e.kind === 'reference' ? stripNumber(e.event.data.incident.summary) : undefined) || incidentId;
  const status = event.event_type === 'incident.resolved' ? 'resolved' : 'firing';
  const priority = data.priority?.summary || data.priority?.name || undefined;
  const labels: Record<string, string> = { event_type: event.event_type, incident_id: incidentId };
  const put = (key: string, value: string | number | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') labels[key] = String(value);
  };
  put('incident_key', data.incident_key);
  put('incident_number', data.number);
  put('service', data.service?.summary);
  put('service_id', data.service?.id);
  put('urgency', data.urgency);
  put('priority', priority);
  put('incident_status', data.status);
  const annotations: Record<string, string> = { summary: title };
  const htmlUrl = data.html_url || (e.kind === 'reference' ? e.event.data.incident.html_url : undefined);
  if (htmlUrl) annotations.html_url = htmlUrl;
  if (event.agent?.summary) annotations.agent = event.agent.summary;
  if (e.kind === 'reference' && e.event.data.content) annotations.note = e.event.data.content;
  return {
    origin: 'pagerduty',
    fingerprint: `pagerduty:${data.incident_key || incidentId}`,
    status,
    name: title,
    service: data.service?.summary || undefined,
    severity: priority ?? (data.urgency || undefined),
    labels,
    annotations,
    startsAtMs: Math.min(data.created_at ?? event.occurred_at, event.occurred_at),
    endsAtMs: status === 'resolved' ? event.occurred_at : undefined,
    notifiedAtMs: event.occurred_at,
    ref: `${file}:${e.line}`,
  };
}

function rawEvent(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const event = (value as Record<string, unknown>).event;
  return typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : undefined;
}

/** `data.type` is `incident`, or (older/hand-written payloads) absent with the incident's own fields. */
function isIncidentData(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return true; // let the incident schema report it
  const d = data as Record<string, unknown>;
  return d.type === 'incident' || (d.type === undefined && !('incident' in d));
}

/** PagerDuty incident references read `[#1234] The server is on fire.`: keep the title. */
function stripNumber(summary: string | null | undefined): string | undefined {
  return summary ? summary.replace(/^\[#\d+\]\s*/, '') : undefined;
}

function withoutNullish<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
