import type { AlertNotification } from './alert.ts';
import type { ChangeEvent } from './change.ts';
import type { ChatMessage, ChatUser } from './chat.ts';
import type { Incident } from './incident.ts';
import type { LogEntry } from './log.ts';
import type { MetricSeries } from './metric.ts';
import type { IngestProblem, SourceName } from './sources.ts';
import type { Topology } from './topology.ts';

/** Everything known about one incident, parsed and validated: the input of the analysis. */
export interface IncidentBundle {
  incident: Incident;
  users: ChatUser[];
  /** Sorted by time. */
  chat: ChatMessage[];
  alerts: AlertNotification[];
  metrics: MetricSeries[];
  /** Sorted by time. */
  logs: LogEntry[];
  /** Sorted by time. */
  changes: ChangeEvent[];
  topology?: Topology;
  /** Sources with no file at all in the bundle. */
  missingSources: SourceName[];
  /** Non-fatal problems (skipped lines, dropped samples), for the report. */
  problems: IngestProblem[];
}
