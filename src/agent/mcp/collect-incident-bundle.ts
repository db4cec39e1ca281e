import type { Incident, IncidentBundle, IngestProblem, SourceName, Topology } from '../../domain/index.ts';
import { BundleError } from '../../domain/index.ts';
import { parseIncident } from '../../ingest/index.ts';
import { checkBundleSanity } from '../../ingest/check-bundle-sanity.ts';
import type { CallSettings, ToolCaller } from './call-structured-tool.ts';
import { collectAlerts } from './collect-alerts.ts';
import { collectChanges } from './collect-changes.ts';
import { collectLogs } from './collect-logs.ts';
import { collectMetrics } from './collect-metrics.ts';
import { collectSlack } from './collect-slack.ts';

/** What to collect from the live sources. Times in unix ms. */
export interface LiveIncidentRequest {
  /** The incident's Slack channel (id or name); absent → no chat is read. */
  channel?: string;
  /** More channels to read besides the incident's (alerts, deploys), ids or names. */
  otherChannels?: string[];
  startMs: number;
  endMs: number;
  /** Services known to be affected. */
  services?: string[];
  /** Known incident metadata; what is absent is derived (see `collectIncidentBundle`). */
  incident?: Partial<Incident>;
  /** Service graph from a file, as the live sources have none. */
  topology?: Topology;
  /** Metric step; absent → each server's default (the bundle's native step, 15 s for Prometheus). */
  metricsStepSeconds?: number;
  /** Per-call timeout (default: the manager's). */
  timeoutMs?: number;
}

/**
 * Builds an IncidentBundle from live sources through the MCP tool contract (slack_*, alerts_*,
 * metrics_*, logs_*, changes_*): pages through each tool, rebuilds the source-native records as the
 * bundle's file formats and validates them with the same `src/ingest` parsers as `readBundle`.
 * A source whose tool is not offered, fails, or returns data of the wrong shape is listed in
 * `missingSources` with a problem naming the tool; the collection itself never fails for it.
 *
 * Incident metadata: id `LIVE-<channel>-<start RFC 3339>`, severity `sev3`, `openedAt` the incident channel's
 * first message in the range (the declaration, in an incident channel), else the earliest alert, else the start;
 * each overridable through `request.incident`. `resolvedAt` only when given.
 * @throws BundleError when `request.incident` overrides are invalid (as a bad `incident.json` is).
 */
export async function collectIncidentBundle(tools: ToolCaller, request: LiveIncidentRequest): Promise<IncidentBundle> {
  const problems: IngestProblem[] = [];
  const available = new Set((await tools.listTools()).map((t) => t.name));
  const settings: CallSettings = { tools, available, problems, timeoutMs: request.timeoutMs };
  const start = new Date(request.startMs).toISOString();
  const end = new Date(request.endMs).toISOString();
  const guarded = <T>(source: SourceName, read: () => Promise<T | undefined>) => readSource(source, read, problems);

  const [slack, alerts, metrics, logs, changes] = await Promise.all([
    request.channel ? guarded('slack', () => collectSlack(settings, [request.channel!, ...(request.otherChannels ?? [])], start, end)) : undefined,
    guarded('alerts', () => collectAlerts(settings, start, end)),
    guarded('metrics', () => collectMetrics(settings, start, end, request.metricsStepSeconds)),
    guarded('logs', () => collectLogs(settings, start, end)),
    guarded('changes', () => collectChanges(settings, start, end)),
  ]);
  if (!request.channel) problems.push({ file: 'mcp:slack_get_channel_history', field: 'channel', message: 'no channel given; chat was not read (pass --channel)' });

  const chat = slack?.chat ?? [];
  const incidentChannel = slack?.channelName ?? request.channel;
  const alertList = alerts ?? [];
  const incident = parseIncident(
    JSON.stringify({
      id: `LIVE-${incidentChannel ?? 'all'}-${start.replace(/\.000Z$/, 'Z')}`,
      title: `Live analysis of ${incidentChannel ? `#${incidentChannel}` : (request.services?.join(', ') ?? 'all services')}`,
      severity: 'sev3',
      ...(incidentChannel ? { channel: incidentChannel } : {}),
      openedAt: new Date(chat.find((m) => m.channel === incidentChannel)?.timeMs ?? earliestAlertMs(alertList, request) ?? request.startMs).toISOString(),
      services: request.services ?? [],
      ...request.incident,
    }),
  );
  const sorted = {
    incident,
    users: slack?.users ?? [],
    chat,
    alerts: alertList,
    metrics: metrics ?? [],
    logs: [...(logs ?? [])].sort((a, b) => a.timeMs - b.timeMs),
    changes: [...(changes ?? [])].sort((a, b) => a.timeMs - b.timeMs),
    topology: request.topology,
  };
  problems.push(...checkBundleSanity(sorted));
  const read: Record<SourceName, boolean> = {
    slack: slack !== undefined,
    alerts: alerts !== undefined,
    metrics: metrics !== undefined,
    logs: logs !== undefined,
    changes: changes !== undefined,
    topology: request.topology !== undefined,
  };
  return { ...sorted, missingSources: (Object.keys(read) as SourceName[]).filter((s) => !read[s]), problems };
}

/** A source whose records fail the bundle parsers' validation is dropped with a problem, like an unreadable one. */
async function readSource<T>(source: SourceName, read: () => Promise<T | undefined>, problems: IngestProblem[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    problems.push({ file: error.file, field: error.field, message: `${error.message}; ${source} was not used` });
    return undefined;
  }
}

function earliestAlertMs(alerts: IncidentBundle['alerts'], request: LiveIncidentRequest): number | undefined {
  const times = alerts.map((a) => a.startsAtMs).filter((t) => t >= request.startMs && t <= request.endMs);
  return times.length ? Math.min(...times) : undefined;
}
