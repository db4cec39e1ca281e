import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { parseRfc3339Ms } from '../../src/ingest/index.ts';
import { cursorArg, limitArg } from '../shared/limit-arg.ts';
import { paginate } from '../shared/paginate.ts';
import { inTimeRange, resolveTimeRange, type TimeRangeMs } from '../shared/resolve-time-range.ts';
import { rfc3339Arg } from '../shared/rfc3339-arg.ts';
import { runTool } from '../shared/run-tool.ts';
import { toolResult } from '../shared/tool-result.ts';
import { AlertGroupSchema, type AlertGroup } from './alert-group.ts';
import type { AlertsBackend } from './alert-snapshot.ts';
import { alertGroupsOf, notificationTimelineOf } from './snapshot-views.ts';

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;
const startArg = (what: string) => rfc3339Arg(`Only ${what} at or after this time, RFC 3339 (2026-03-04T15:00:00Z). Default: no lower bound.`).optional();
const endArg = (what: string) => rfc3339Arg(`Only ${what} at or before this time, RFC 3339. Default: no upper bound.`).optional();
const RawRecord = z.looseObject({});

/**
 * The alerts MCP server: alerts grouped and de-duplicated by fingerprint, and the raw Alertmanager /
 * PagerDuty notifications for collectors. Knows no transport; `backend` decides bundle or live.
 */
export function createAlertsServer(backend: AlertsBackend): McpServer {
  const server = new McpServer({ name: 'opsight-alerts', version: '0.1.0' });

  server.registerTool(
    'alerts_list_alerts',
    {
      title: 'List alerts (de-duplicated)',
      description:
        'Lists alerts that were active in a time range, one row per alert (fingerprint) however many times it was re-sent: alertname, service, severity, state (firing|resolved), firstFiringAt, lastSeenAt, resolvedAt, labels, annotations, and the number of notifications. ' +
        'Covers Alertmanager alerts and PagerDuty incidents. Sorted by firstFiringAt, oldest first. An alert is in range when it fired at or before end and was not resolved before start.',
      inputSchema: {
        start: startArg('alerts still active'),
        end: endArg('alerts that started'),
        service: z.string().min(1).optional().describe('Only alerts about this service (the service/app/job label). Default: all services.'),
        state: z.enum(['firing', 'resolved', 'all']).default('all').describe('firing: not resolved in the latest notification; resolved; or all (default).'),
        cursor: cursorArg,
        limit: limitArg(100, 200, 'alerts'),
      },
      outputSchema: { groups: z.array(AlertGroupSchema), nextCursor: z.string().optional(), truncated: z.boolean() },
      annotations: readOnly,
    },
    (args) =>
      runTool('alerts_list_alerts', async () => {
        const range = resolveTimeRange(args);
        const snapshot = await backend.snapshot();
        const matching = alertGroupsOf(snapshot).filter(
          (g) => overlaps(g, range) && (args.state === 'all' || g.state === args.state) && (args.service === undefined || g.service === args.service),
        );
        const page = paginate(matching, args);
        const firing = page.items.filter((g) => g.state === 'firing').length;
        return toolResult(
          { groups: page.items, nextCursor: page.nextCursor, truncated: page.truncated },
          `${page.items.length} alert(s) (${firing} firing)${page.truncated ? `; ${matching.length - page.items.length} more with nextCursor` : ''}.${problemNote(snapshot.problems)}`,
        );
      }),
  );

  server.registerTool(
    'alerts_get_notifications',
    {
      title: 'Get raw alert notifications',
      description:
        'Returns the notifications themselves, as received: Alertmanager webhook payloads (version "4": status, receiver, groupLabels, commonLabels, alerts[] with labels, annotations, startsAt, endsAt, fingerprint) and PagerDuty V3 webhook events ({event: {event_type, occurred_at, data}}). ' +
        'Re-sends are NOT collapsed (use alerts_list_alerts for that). Ordered by time, oldest first; a payload\'s time is when it was received, else its latest startsAt/endsAt.',
      inputSchema: { start: startArg('notifications'), end: endArg('notifications'), cursor: cursorArg, limit: limitArg(200, 500, 'notifications') },
      outputSchema: { alertmanager: z.array(RawRecord), pagerduty: z.array(RawRecord), nextCursor: z.string().optional(), truncated: z.boolean() },
      annotations: readOnly,
    },
    (args) =>
      runTool('alerts_get_notifications', async () => {
        const range = resolveTimeRange(args);
        const snapshot = await backend.snapshot();
        const tagged = notificationTimelineOf(snapshot).filter((t) => inTimeRange(t.timeMs, range));
        const page = paginate(tagged, args);
        const pick = (source: 'alertmanager' | 'pagerduty') => page.items.filter((t) => t.source === source).map((t) => t.value);
        const alertmanager = pick('alertmanager');
        const pagerduty = pick('pagerduty');
        return toolResult(
          { alertmanager, pagerduty, nextCursor: page.nextCursor, truncated: page.truncated },
          `${alertmanager.length} Alertmanager payload(s), ${pagerduty.length} PagerDuty event(s)${page.truncated ? '; more with nextCursor' : ''}.${problemNote(snapshot.problems)}`,
        );
      }),
  );

  return server;
}

function overlaps(group: AlertGroup, range: TimeRangeMs): boolean {
  const firstMs = parseRfc3339Ms(group.firstFiringAt) ?? 0;
  const resolvedMs = group.resolvedAt === undefined ? Number.POSITIVE_INFINITY : (parseRfc3339Ms(group.resolvedAt) ?? 0);
  return (range.endMs === undefined || firstMs <= range.endMs) && (range.startMs === undefined || resolvedMs >= range.startMs);
}

function problemNote(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  return ` ${problems.length} unreadable line(s) skipped, first: ${problems[0]}`;
}
