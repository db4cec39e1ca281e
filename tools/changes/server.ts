import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { cursorArg, limitArg } from '../shared/limit-arg.ts';
import { paginate } from '../shared/paginate.ts';
import { inTimeRange, resolveTimeRange } from '../shared/resolve-time-range.ts';
import { rfc3339Arg } from '../shared/rfc3339-arg.ts';
import { runTool } from '../shared/run-tool.ts';
import { toolResult } from '../shared/tool-result.ts';
import type { ChangesBackend } from './changes-backend.ts';

const CloudEventOutputSchema = z.looseObject({
  specversion: z.string(),
  id: z.string(),
  source: z.string(),
  type: z.string(),
  subject: z.string().nullish(),
  time: z.string(),
});

/**
 * The changes MCP server: deploys, config, feature-flag and infra changes as CloudEvents 1.0 JSON.
 * Knows no transport; `backend` decides bundle or live.
 */
export function createChangesServer(backend: ChangesBackend): McpServer {
  const server = new McpServer({ name: 'opsight-changes', version: '0.1.0' });
  server.registerTool(
    'changes_list_changes',
    {
      title: 'List changes',
      description:
        'Lists change events (deploys, rollbacks, config, feature flags, scaling, infra, secret rotations, certificates, migrations, jobs) in a time range, oldest first, as CloudEvents 1.0 JSON: ' +
        'specversion, id, source (argocd, kubectl …), type, subject (the service), time (RFC 3339), data {environment, version, previousVersion, author, description, …}. ' +
        'Changes shortly before an incident\'s first symptom are prime root-cause suspects.',
      inputSchema: {
        start: rfc3339Arg('Only changes at or after this time, RFC 3339 (2026-03-04T14:00:00Z). Default: no lower bound.').optional(),
        end: rfc3339Arg('Only changes at or before this time, RFC 3339. Default: no upper bound.').optional(),
        service: z.string().min(1).optional().describe('Only changes to this service (CloudEvents subject). Default: all services.'),
        type: z.string().min(1).optional().describe('Only this change type: deploy, rollback, config, feature_flag, scale, infra, secret_rotation, certificate, migration, job (others may exist). Default: all.'),
        cursor: cursorArg,
        limit: limitArg(200, 500, 'change events'),
      },
      outputSchema: { events: z.array(CloudEventOutputSchema), nextCursor: z.string().optional(), truncated: z.boolean() },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      runTool('changes_list_changes', async () => {
        const range = resolveTimeRange(args);
        const snapshot = await backend.snapshot();
        const matching = snapshot.changes.filter(
          (c) => inTimeRange(c.timeMs, range) && (args.service === undefined || c.service === args.service) && (args.type === undefined || c.type === args.type),
        );
        const page = paginate(matching, args);
        const problems = snapshot.problems.length > 0 ? ` ${snapshot.problems.length} unreadable line(s) skipped, first: ${snapshot.problems[0]}` : '';
        return toolResult(
          { events: page.items.map((c) => c.event), nextCursor: page.nextCursor, truncated: page.truncated },
          `${page.items.length} change(s)${page.truncated ? `; ${matching.length - page.items.length} more with nextCursor` : ''}.${problems}`,
        );
      }),
  );
  return server;
}
