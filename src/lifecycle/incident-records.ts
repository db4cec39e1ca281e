import { z } from 'zod';
import { SeveritySchema, type Severity } from '../domain/index.ts';
import type { Queryable } from '../store/database.ts';
import { StoreError } from '../store/store-error.ts';

export const IncidentStatusSchema = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** An incident as the lifecycle sees it: a stored `incidents` row with its Slack channel. */
export const IncidentRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  status: IncidentStatusSchema,
  services: z.array(z.string()),
  channelId: z.string().nullable(),
  channelName: z.string().nullable(),
  commanderUserId: z.string().nullable(),
  declaredBy: z.string().nullable(),
  headerTs: z.string().nullable(),
  latestUpdate: z.string().nullable(),
  openedAtMs: z.number(),
  mitigatedAtMs: z.number().nullable(),
  resolvedAtMs: z.number().nullable(),
  retroQueuedAtMs: z.number().nullable(),
});
export type IncidentRecord = z.infer<typeof IncidentRecordSchema>;

const COLUMNS = `id, title, severity, status, services, channel_id AS "channelId", channel_name AS "channelName",
  commander_user_id AS "commanderUserId", declared_by AS "declaredBy", header_ts AS "headerTs",
  latest_update AS "latestUpdate", (extract(epoch FROM opened_at) * 1000)::float8 AS "openedAtMs",
  (extract(epoch FROM mitigated_at) * 1000)::float8 AS "mitigatedAtMs",
  (extract(epoch FROM resolved_at) * 1000)::float8 AS "resolvedAtMs",
  (extract(epoch FROM retro_queued_at) * 1000)::float8 AS "retroQueuedAtMs"`;

function toRecord(row: unknown): IncidentRecord {
  const parsed = IncidentRecordSchema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StoreError('STORE_ROW_INVALID', `incidents row ${JSON.stringify((row as { id?: unknown }).id)}: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

export interface NewIncident {
  id: string;
  title: string;
  severity: Severity;
  services: string[];
  declaredBy: string;
  openedAtMs: number;
}

/** Inserts a declared incident (no channel yet). */
export async function insertIncident(db: Queryable, incident: NewIncident): Promise<IncidentRecord> {
  const [row] = await db.query(
    `INSERT INTO incidents (id, title, severity, opened_at, services, declared_by, status)
     VALUES ($1, $2, $3, to_timestamp($4::float8 / 1000), $5, $6, 'investigating') RETURNING ${COLUMNS}`,
    [incident.id, incident.title, incident.severity, incident.openedAtMs, incident.services, incident.declaredBy],
  );
  return toRecord(row);
}

export async function findIncidentByChannel(db: Queryable, channelId: string): Promise<IncidentRecord | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM incidents WHERE channel_id = $1`, [channelId]);
  return row ? toRecord(row) : undefined;
}

export async function findIncidentById(db: Queryable, id: string): Promise<IncidentRecord | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id]);
  return row ? toRecord(row) : undefined;
}

/** The open incident (declared in Slack, not resolved) whose services include `service`, newest first. */
export async function findOpenIncidentForService(db: Queryable, service: string): Promise<IncidentRecord | undefined> {
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM incidents
     WHERE channel_id IS NOT NULL AND status <> 'resolved' AND $1 = ANY (services)
     ORDER BY opened_at DESC LIMIT 1`,
    [service],
  );
  return row ? toRecord(row) : undefined;
}

/** Fields the lifecycle changes; only the given ones are written. */
export interface IncidentChanges {
  channelId?: string;
  channelName?: string;
  severity?: Severity;
  status?: IncidentStatus;
  commanderUserId?: string;
  headerTs?: string;
  latestUpdate?: string;
  mitigatedAtMs?: number;
  resolvedAtMs?: number;
  retroQueuedAtMs?: number;
}

const COLUMN_OF: Record<keyof IncidentChanges, [string, 'text' | 'time']> = {
  channelId: ['channel_id', 'text'],
  channelName: ['channel_name', 'text'],
  severity: ['severity', 'text'],
  status: ['status', 'text'],
  commanderUserId: ['commander_user_id', 'text'],
  headerTs: ['header_ts', 'text'],
  latestUpdate: ['latest_update', 'text'],
  mitigatedAtMs: ['mitigated_at', 'time'],
  resolvedAtMs: ['resolved_at', 'time'],
  retroQueuedAtMs: ['retro_queued_at', 'time'],
};

export async function updateIncident(db: Queryable, id: string, changes: IncidentChanges): Promise<IncidentRecord> {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as Array<[keyof IncidentChanges, string | number]>;
  const sets = entries.map(([key], i) => {
    const [column, type] = COLUMN_OF[key];
    return type === 'time' ? `${column} = to_timestamp($${i + 2}::float8 / 1000)` : `${column} = $${i + 2}`;
  });
  const [row] = await db.query(
    `UPDATE incidents SET ${sets.length ? sets.join(', ') : 'id = id'} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, ...entries.map(([, value]) => value)],
  );
  if (!row) throw new StoreError('STORE_ROW_INVALID', `incident ${id} does not exist`);
  return toRecord(row);
}

export const IncidentEventKindSchema = z.enum(['declared', 'update', 'severity', 'commander', 'status', 'resolved', 'key-event', 'alert']);
export type IncidentEventKind = z.infer<typeof IncidentEventKindSchema>;

export interface IncidentEvent {
  incidentId: string;
  atMs: number;
  kind: IncidentEventKind;
  actor: string;
  text: string;
  messageTs?: string;
  details?: Record<string, unknown>;
}

/** Records a lifecycle event; a key event for a message already marked is ignored (returns false). */
export async function addIncidentEvent(db: Queryable, event: IncidentEvent): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO incident_events (incident_id, at, kind, actor, text, message_ts, details)
     VALUES ($1, to_timestamp($2::float8 / 1000), $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (incident_id, kind, message_ts) DO NOTHING RETURNING id`,
    [event.incidentId, event.atMs, event.kind, event.actor, event.text, event.messageTs ?? null, JSON.stringify(event.details ?? {})],
  );
  return rows.length > 0;
}

const StoredEventSchema = z.object({
  atMs: z.number(),
  kind: IncidentEventKindSchema,
  actor: z.string(),
  text: z.string(),
  messageTs: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type StoredIncidentEvent = z.infer<typeof StoredEventSchema>;

export async function listIncidentEvents(db: Queryable, incidentId: string): Promise<StoredIncidentEvent[]> {
  const rows = await db.query(
    `SELECT (extract(epoch FROM at) * 1000)::float8 AS "atMs", kind, actor, text, message_ts AS "messageTs", details
     FROM incident_events WHERE incident_id = $1 ORDER BY at, id`,
    [incidentId],
  );
  return rows.map((row) => StoredEventSchema.parse(row));
}
