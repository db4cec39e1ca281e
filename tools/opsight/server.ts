import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { embedReportLocally, LOCAL_EMBEDDER_NAME } from '../../src/analysis/local-hash-embedder.ts';
import { UserError } from '../../src/domain/errors.ts';
import { DurationsSchema, MilestonesSchema, ProposedCommandSchema, RootCauseSchema, SignalSchema, SourceNameSchema, TimelineEventKindSchema, TimelineEventSchema } from '../../src/domain/index.ts';
import { formatProbability } from '../../src/report/format-probability.ts';
import { draftRetrospective } from '../../src/retro/draft-retrospective.ts';
import { findSimilarIncidents, getIncidentEmbedding } from '../../src/store/incident-embeddings.ts';
import type { AnalysisCache } from './analysis-cache.ts';
import type { LazyStore } from './lazy-store.ts';

/** What the opsight tools work with: cached bundle analyses and the (lazily opened) incident store. */
export interface OpsightServerDeps {
  analyses: AnalysisCache;
  store: LazyStore;
}

const MAX_ROOT_CAUSES = 5;
const APPROVAL_NOTICE = 'Proposal only: requires human approval. opsight never executes commands; a person must review and run it.';

const bundleDir = z.string().min(1).describe('Path of an incident bundle directory on the machine running opsight (see shared/spec/incident-bundle.md).');

/**
 * opsight as an MCP server: analysis of incident bundles for other agents — summary and root causes,
 * timeline, ranked signals, similar past incidents, a postmortem draft and remediation proposals
 * (never executed). Analyses are cached per bundle directory. Knows no transport.
 */
export function createOpsightServer(deps: OpsightServerDeps): McpServer {
  const server = new McpServer({ name: 'opsight', version: '0.1.0' });
  const { analyses, store } = deps;

  server.registerTool(
    'analyze_incident',
    {
      title: 'Analyze an incident bundle',
      description:
        'Runs opsight\'s deterministic analysis on an incident bundle and returns the summary, the ranked root-cause ' +
        `candidates (at most ${MAX_ROOT_CAUSES}, confidence = probability), milestones and durations, and which sources were missing. ` +
        'Use get_timeline, rank_signals and propose_commands for the details.',
      inputSchema: { bundleDir },
      outputSchema: {
        incidentId: z.string(), title: z.string(), severity: z.string(), summary: z.string(),
        rootCauses: z.array(RootCauseSchema), milestones: MilestonesSchema, durations: DurationsSchema,
        missingSources: z.array(SourceNameSchema),
        counts: z.object({ timelineEvents: z.number(), signals: z.number(), proposedCommands: z.number() }),
      },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const { report } = await analyses.get(args.bundleDir);
      const top = report.rootCauses[0];
      return result({
        incidentId: report.incidentId, title: report.title, severity: report.severity, summary: report.summary,
        rootCauses: report.rootCauses.slice(0, MAX_ROOT_CAUSES), milestones: report.milestones, durations: report.durations,
        missingSources: report.missingSources,
        counts: { timelineEvents: report.timeline.length, signals: report.signals.length, proposedCommands: report.proposedCommands.length },
      }, `${report.incidentId}: ${top ? `most likely ${top.kind} in ${top.service} (${formatProbability(top.confidence)})` : 'no root cause named'}. ${report.summary}`);
    },
  );

  server.registerTool(
    'get_timeline',
    {
      title: 'Get the incident timeline',
      description: 'The reconstructed incident timeline (alerts, changes, chat, metric and log events, milestones) in time order, chat filler left out; optionally only some kinds.',
      inputSchema: {
        bundleDir,
        limit: z.number().int().min(1).max(500).default(50).describe('Most events returned (≤ 500, default 50), the earliest first.'),
        kinds: z.array(TimelineEventKindSchema).min(1).optional().describe('Only these kinds: alert, change, chat, metric, log, milestone.'),
      },
      outputSchema: { incidentId: z.string(), events: z.array(TimelineEventSchema), total: z.number(), truncated: z.boolean() },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const { report } = await analyses.get(args.bundleDir);
      const kinds = args.kinds ? new Set(args.kinds) : undefined;
      const events = report.timeline.filter((e) => !e.minor && (!kinds || kinds.has(e.kind)));
      const shown = events.slice(0, args.limit);
      return result({ incidentId: report.incidentId, events: shown, total: events.length, truncated: events.length > shown.length },
        `${shown.length} of ${events.length} timeline events of ${report.incidentId}.`);
    },
  );

  server.registerTool(
    'rank_signals',
    {
      title: 'Rank the signals of an incident',
      description: 'The signals opsight found (changes, metric anomalies, alerts, log patterns, chat), most likely root cause first, each with label, confidence, rationale and evidence references.',
      inputSchema: {
        bundleDir,
        limit: z.number().int().min(1).max(100).default(10).describe('Most signals returned (≤ 100, default 10).'),
      },
      outputSchema: { incidentId: z.string(), signals: z.array(SignalSchema), total: z.number(), truncated: z.boolean() },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const { report } = await analyses.get(args.bundleDir);
      const ranked = [...report.signals].sort((a, b) => b.confidence - a.confidence);
      const signals = ranked.slice(0, args.limit);
      return result({ incidentId: report.incidentId, signals, total: ranked.length, truncated: ranked.length > signals.length },
        `${signals.length} of ${ranked.length} signals of ${report.incidentId}, most likely cause first.`);
    },
  );

  server.registerTool(
    'similar_incidents',
    {
      title: 'Find similar past incidents',
      description:
        'Stored incidents most like one incident (cosine similarity of local-hash-v1 embeddings), with their root cause and first proposed fix. ' +
        'Give bundleDir (analyzed, not stored) or incidentId (an incident stored with `opsight ingest`). Needs the store (DATABASE_URL or OPSIGHT_DATA_DIR).',
      inputSchema: {
        bundleDir: bundleDir.optional(),
        incidentId: z.string().min(1).optional().describe('Id of a stored incident, e.g. INC-2041.'),
        limit: z.number().int().min(1).max(20).default(5).describe('Most incidents returned (≤ 20, default 5).'),
      },
      outputSchema: {
        incidentId: z.string(),
        embedder: z.string(),
        similar: z.array(z.object({
          incidentId: z.string(), title: z.string(), similarity: z.number(),
          rootCause: z.object({ service: z.string(), kind: z.string() }).optional(),
          proposedCommand: z.object({ command: z.string(), args: z.record(z.string(), z.string()) }).optional(),
        })),
      },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      if ((args.bundleDir === undefined) === (args.incidentId === undefined)) {
        return invalidArgument('bundleDir', 'give exactly one of "bundleDir" or "incidentId"');
      }
      let incidentId: string;
      let embedding: number[];
      if (args.bundleDir !== undefined) {
        const { report } = await analyses.get(args.bundleDir);
        incidentId = report.incidentId;
        embedding = embedReportLocally(report);
      } else {
        incidentId = args.incidentId as string;
        const stored = await getIncidentEmbedding(await store.get(), incidentId, LOCAL_EMBEDDER_NAME);
        if (!stored) throw new UserError(`no incident "${incidentId}" with a ${LOCAL_EMBEDDER_NAME} embedding in the store: ingest its bundle with \`opsight ingest <bundle-dir>\` first, or pass bundleDir instead`);
        embedding = stored;
      }
      const similar = await findSimilarIncidents(await store.get(), embedding, LOCAL_EMBEDDER_NAME, { limit: args.limit, excludeIncidentId: incidentId });
      const first = similar[0];
      return result({ incidentId, embedder: LOCAL_EMBEDDER_NAME, similar },
        similar.length === 0 ? `No stored incidents to compare ${incidentId} with (ingest some first).` : `${similar.length} incidents like ${incidentId}; closest ${first?.incidentId} (${first?.similarity.toFixed(2)}).`);
    },
  );

  server.registerTool(
    'draft_postmortem',
    {
      title: 'Draft a postmortem',
      description: 'A markdown postmortem draft of the incident (summary, impact, timeline with time to detect/mitigate/resolve, contributing factors, systemic fixes), to be reviewed by a person.',
      inputSchema: { bundleDir },
      outputSchema: { incidentId: z.string(), markdown: z.string() },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const { report, topology } = await analyses.get(args.bundleDir);
      const markdown = draftRetrospective(report, { topology });
      return result({ incidentId: report.incidentId, markdown }, markdown);
    },
  );

  server.registerTool(
    'propose_commands',
    {
      title: 'Propose remediation commands',
      description:
        'Remediation commands opsight proposes for the incident (rollback, restart, scale …) with risk and rationale. ' +
        'Proposals only: every one requires human approval, and neither this tool nor opsight executes anything.',
      inputSchema: {
        bundleDir,
        limit: z.number().int().min(1).max(20).default(10).describe('Most proposals returned (≤ 20, default 10).'),
      },
      outputSchema: {
        incidentId: z.string(),
        proposals: z.array(ProposedCommandSchema.extend({ approval: z.string() })),
        truncated: z.boolean(),
        executed: z.literal(false),
      },
      annotations: { readOnlyHint: true },
    },
    async (args) => {
      const { report } = await analyses.get(args.bundleDir);
      const proposals = report.proposedCommands.slice(0, args.limit).map((p) => ({ ...p, approval: APPROVAL_NOTICE }));
      const lines = proposals.map((p) => `- ${[p.command, ...Object.entries(p.args).map(([k, v]) => `${k}=${v}`)].join(' ')} (risk ${p.risk}): ${p.rationale}`);
      return result({ incidentId: report.incidentId, proposals, truncated: report.proposedCommands.length > proposals.length, executed: false },
        `${proposals.length} proposed command(s) for ${report.incidentId}. ${APPROVAL_NOTICE}${lines.length ? `\n${lines.join('\n')}` : ''}`);
    },
  );

  return server;
}

function result<T extends object>(structuredContent: T, text: string): CallToolResult {
  return { structuredContent: structuredContent as Record<string, unknown>, content: [{ type: 'text', text }] };
}

function invalidArgument(argument: string, why: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `Invalid argument "${argument}": ${why}` }] };
}
