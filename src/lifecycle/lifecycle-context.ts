import type { WebClient } from '@slack/web-api';
import type { Database } from '../store/database.ts';
import type { LifecycleAction, LifecycleSettings } from './lifecycle-settings.ts';

/** The Slack Web API methods the lifecycle uses (a `WebClient` satisfies it). */
export type SlackWorkspace = Pick<WebClient, 'conversations' | 'chat' | 'pins' | 'usergroups'>;

/** A person acting in Slack: user id and the user groups they belong to. */
export interface LifecycleActor {
  userId: string;
  groups?: readonly string[];
}

/** One lifecycle action for the audit trail: who, what, where, result. */
export interface LifecycleAuditEntry {
  actor: string;
  action: `incident.${string}`;
  details: Record<string, unknown>;
}

/** Everything a lifecycle operation needs, passed in so tests and processes choose the real or fake parts. */
export interface LifecycleContext {
  db: Database;
  slack: SlackWorkspace;
  settings: LifecycleSettings;
  nowMs(): number;
  /** Whether `actor` holds `role` in the approval policy's role map (`anyone` and `commander` are handled here). */
  hasRole(actor: LifecycleActor, role: string): boolean;
  audit(entry: LifecycleAuditEntry): Promise<void>;
  /** Queues the resolved incident for the nightly retrospective draft. */
  queueRetrospective(incidentId: string): Promise<void>;
  /** POSTs JSON to the status-page webhook; absent → status-page updates are off. */
  postStatusPage?(body: Record<string, unknown>): Promise<void>;
}

/** The outcome shown to the person who ran a command: `ok: false` always says why. */
export type LifecycleResult<T = undefined> = { ok: true; message: string; value: T } | { ok: false; message: string };

export type { LifecycleAction };
