import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { MetricsBackend } from './metrics-backend.ts';
import { parseStepSeconds } from './resolve-step.ts';

const Rfc3339 = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time such as 2026-03-04T15:00:00Z' });
const Labels = z.record(z.string(), z.string());

const MatrixOutput = {
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: Labels, values: z.array(z.tuple([z.number(), z.string()])) })),
  stepSeconds: z.number().describe('The step the values are spaced by (raised above the requested step when downsampled).'),
  downsampled: z.boolean().describe('True when the step was raised so that no series exceeds maxPoints.'),
  truncated: z.boolean().describe('True when more series matched than `limit`.'),
};
const VectorOutput = {
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: Labels, value: z.tuple([z.number(), z.string()]) })),
  truncated: z.boolean(),
};
const StreamsOutput = {
  resultType: z.literal('streams'),
  result: z.array(z.object({ stream: Labels, values: z.array(z.tuple([z.string(), z.string()])) })),
  truncated: z.boolean().describe('True when more log lines matched than `limit`.'),
};

/**
 * The metrics and logs MCP server: PromQL range/instant queries, series and label discovery, and Loki
 * log queries, all answered in the native Prometheus/Loki shapes with bounded output. Knows no transport.
 */
export function createMetricsServer(backend: MetricsBackend): McpServer {
  const server = new McpServer({ name: 'opsight-metrics', version: '0.1.0' });
  const range = `Default range: ${backend.defaultRange}.`;
  const start = Rfc3339.optional().describe(`Start of the range, RFC 3339 (2026-03-04T15:00:00Z). ${range}`);
  const end = Rfc3339.optional().describe(`End of the range, RFC 3339. ${range}`);

  server.registerTool(
    'metrics_query_range',
    {
      title: 'Query metrics over a time range (PromQL)',
      description:
        `Evaluates a PromQL expression over a time range against ${backend.description} and returns the Prometheus matrix ` +
        '(series labels + [unix seconds, "value"] samples). Long ranges are downsampled to at most maxPoints points per series; ' +
        'stepSeconds in the result states the step used. Start with metrics_list_series to find metric names and labels.',
      inputSchema: {
        query: z.string().min(1).describe('PromQL, e.g. http_request_error_ratio{service="payments"}.'),
        start,
        end,
        step: z.union([z.number().positive(), z.string().min(1)]).optional()
          .describe('Resolution: seconds (30) or a Prometheus duration ("1m"). Default: the data\'s own interval (bundle) or 15s (live).'),
        maxPoints: z.number().int().min(2).max(11_000).default(300).describe('Most points per series (≤ 11000, default 300).'),
        limit: z.number().int().min(1).max(500).default(50).describe('Most series returned (≤ 500, default 50).'),
      },
      outputSchema: MatrixOutput,
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const { startMs, endMs } = timeRange(args.start, args.end);
      let stepSeconds: number | undefined;
      if (args.step !== undefined) {
        stepSeconds = parseStepSeconds(args.step);
        if (stepSeconds === undefined) return invalidArgument('step', `must be positive seconds (30) or a Prometheus duration ("1m", "1h30m"), got ${JSON.stringify(args.step)}`);
      }
      const out = await backend.queryRange({ query: args.query, startMs, endMs, stepSeconds, maxPoints: args.maxPoints, limit: args.limit });
      const points = out.result.reduce((n, s) => n + s.values.length, 0);
      return result(out, `${out.result.length} series, ${points} points, step ${out.stepSeconds}s${out.downsampled ? ' (downsampled)' : ''}${out.truncated ? `, truncated to ${args.limit} series` : ''}.`);
    },
  );

  server.registerTool(
    'metrics_query_instant',
    {
      title: 'Query metrics at one instant (PromQL)',
      description: `Evaluates a PromQL expression at one instant against ${backend.description}; returns the Prometheus vector (latest sample within 5 minutes per series).`,
      inputSchema: {
        query: z.string().min(1).describe('PromQL, e.g. db_connections_in_use{service="orders"}.'),
        time: Rfc3339.optional().describe(`Evaluation time, RFC 3339. Default: the end of the default range (${backend.defaultRange}).`),
        limit: z.number().int().min(1).max(500).default(50).describe('Most series returned (≤ 500, default 50).'),
      },
      outputSchema: VectorOutput,
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const out = await backend.queryInstant({ query: args.query, timeMs: args.time === undefined ? undefined : Date.parse(args.time), limit: args.limit });
      return result(out, `${out.result.length} series${out.truncated ? ` (truncated to ${args.limit})` : ''}.`);
    },
  );

  server.registerTool(
    'metrics_list_series',
    {
      title: 'List metric series matching a selector',
      description: `Lists the label sets of the series matching a selector that have samples in the range, from ${backend.description}. Use {__name__=~".+"} for all series, or {service="payments"}.`,
      inputSchema: {
        match: z.string().min(1).describe('Series selector, e.g. {service="payments"} or process_cpu_utilization.'),
        start,
        end,
        limit: z.number().int().min(1).max(500).default(100).describe('Most series returned (≤ 500, default 100).'),
      },
      outputSchema: { series: z.array(Labels), truncated: z.boolean() },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const out = await backend.listSeries({ match: args.match, ...timeRange(args.start, args.end), limit: args.limit });
      return result(out, `${out.series.length} series${out.truncated ? ` (truncated to ${args.limit})` : ''}.`);
    },
  );

  server.registerTool(
    'metrics_list_label_values',
    {
      title: 'List the values of one metric label',
      description: `Lists the distinct values of a label (service, __name__, instance …) over the series matching an optional selector, from ${backend.description}.`,
      inputSchema: {
        label: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name like service or __name__').describe('Label name, e.g. service or __name__ (metric names).'),
        match: z.string().min(1).optional().describe('Optional series selector restricting the series, e.g. {__name__="http_request_error_ratio"}.'),
        start,
        end,
        limit: z.number().int().min(1).max(1000).default(200).describe('Most values returned (≤ 1000, default 200).'),
      },
      outputSchema: { values: z.array(z.string()), truncated: z.boolean() },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const out = await backend.listLabelValues({ label: args.label, match: args.match, ...timeRange(args.start, args.end), limit: args.limit });
      return result(out, `${out.values.length} values of ${args.label}${out.truncated ? ` (truncated to ${args.limit})` : ''}.`);
    },
  );

  server.registerTool(
    'logs_query_range',
    {
      title: 'Query logs over a time range (LogQL)',
      description:
        `Returns log lines from ${backend.description} as Loki streams (labels + ["unix ns", "line"] entries). ` +
        'The query is a LogQL stream selector with optional line filters: {service="payments",level="error"} |= "timeout".',
      inputSchema: {
        query: z.string().min(1).describe('LogQL: {label="value",…} optionally followed by |= "text", != "text", |~ "regex", !~ "regex".'),
        start,
        end,
        limit: z.number().int().min(1).max(5000).default(200).describe('Most log lines returned in total (≤ 5000, default 200).'),
        direction: z.enum(['backward', 'forward']).default('backward').describe('backward: the newest lines, newest first (default); forward: the oldest first.'),
      },
      outputSchema: StreamsOutput,
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const out = await backend.queryLogs({ query: args.query, ...timeRange(args.start, args.end), limit: args.limit, direction: args.direction });
      const lines = out.result.reduce((n, s) => n + s.values.length, 0);
      return result(out, `${lines} log lines in ${out.result.length} streams${out.truncated ? ` (truncated to ${args.limit})` : ''}.`);
    },
  );

  return server;
}

function timeRange(start: string | undefined, end: string | undefined): { startMs?: number; endMs?: number } {
  const startMs = start === undefined ? undefined : Date.parse(start);
  const endMs = end === undefined ? undefined : Date.parse(end);
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) throw new RangeError(`argument "start" (${start}) must not be after "end" (${end})`);
  return { startMs, endMs };
}

function result<T extends object>(structuredContent: T, summary: string): CallToolResult {
  return { structuredContent: structuredContent as Record<string, unknown>, content: [{ type: 'text', text: summary }] };
}

function invalidArgument(argument: string, why: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `Invalid argument "${argument}": ${why}` }] };
}
