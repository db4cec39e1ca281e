import { readFile } from 'node:fs/promises';
import { analyzeIncident } from '../analysis/analyze-incident.ts';
import { collectIncidentBundle, type LiveIncidentRequest } from '../agent/mcp/collect-incident-bundle.ts';
import { McpClientManager } from '../agent/mcp/mcp-client-manager.ts';
import { loadMcpServersConfig } from '../agent/mcp/mcp-servers-config.ts';
import { loadConfig } from '../config.ts';
import { UserError, type IncidentBundle, type Report } from '../domain/index.ts';
import { parseRfc3339Ms, parseTopology } from '../ingest/index.ts';
import { buildReport } from '../report/build-report.ts';
import type { CliIo } from './cli-io.ts';
import { parseWholeDurationMs } from './parse-whole-duration.ts';

/** The `opsight analyze --live` options, as typed on the command line. */
export interface LiveAnalysisArgs {
  /** The incident's channel, then (comma-separated) other channels to read: `inc-42,alerts-prod,deploys`. */
  channel?: string;
  /** A duration back from now: `90m`, `2h`, `1d`. */
  since?: string;
  /** RFC 3339; with `end`, instead of `since`. */
  start?: string;
  end?: string;
  /** Comma-separated service names. */
  services?: string;
  /** JSON file `{ "mcpServers": { … } }`; absent → the `mcpServers` section of OPSIGHT_CONFIG. */
  mcpConfig?: string;
  /** `topology.json`-format file (the live sources have no service graph). */
  topology?: string;
}

/** What a live analysis produced: the report and the bundle it was computed from. */
export interface LiveAnalysis {
  report: Report;
  bundle: IncidentBundle;
}

const DEFAULT_SINCE = '2h';

/**
 * `opsight analyze --live`: connects the configured MCP servers, collects the incident's data through
 * them, and returns the deterministic analysis report. Servers that fail and sources that could not be
 * read are written to stderr (and listed in the report's missing sources); they never stop the analysis.
 * @throws UserError / ConfigFileError on bad options or config (the caller reports them, exit 2).
 */
export async function runLiveAnalysis(args: LiveAnalysisArgs, io: CliIo, env: NodeJS.ProcessEnv, nowMs = Date.now()): Promise<LiveAnalysis> {
  const request = await buildLiveRequest(args, nowMs);
  const servers = await loadMcpServersConfig({ mcpConfigFile: args.mcpConfig, settingsFile: loadConfig(env).OPSIGHT_CONFIG });
  const manager = new McpClientManager();
  try {
    await manager.connectAll(servers);
    for (const p of manager.problems()) io.stderr.write(`opsight: MCP server "${p.server}": ${p.message}\n`);
    if (manager.connectedServers().length === 0) throw new UserError('no MCP server could be started; fix the servers above in the MCP config and try again');
    const bundle = await collectIncidentBundle(manager, request);
    for (const p of bundle.problems.filter((p) => p.file.startsWith('mcp:'))) io.stderr.write(`opsight: ${p.file} ${p.field}: ${p.message}\n`);
    return { report: buildReport(bundle, analyzeIncident(bundle)), bundle };
  } finally {
    await manager.close();
  }
}

/** Turns the command-line options into a collection request; every problem names its option. */
export async function buildLiveRequest(args: LiveAnalysisArgs, nowMs: number): Promise<LiveIncidentRequest> {
  const { startMs, endMs } = resolveRange(args, nowMs);
  const services = list(args.services);
  const [channel, ...otherChannels] = list(args.channel).map((c) => c.replace(/^#/, ''));
  return {
    startMs,
    endMs,
    ...(channel ? { channel } : {}),
    ...(otherChannels.length ? { otherChannels } : {}),
    ...(services.length ? { services } : {}),
    ...(args.topology ? { topology: parseTopology(await readTopology(args.topology), args.topology) } : {}),
  };
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function resolveRange(args: LiveAnalysisArgs, nowMs: number): { startMs: number; endMs: number } {
  if (args.since !== undefined && (args.start !== undefined || args.end !== undefined)) {
    throw new UserError('give either --since or --start/--end, not both');
  }
  if (args.start !== undefined || args.end !== undefined) {
    if (args.start === undefined || args.end === undefined) throw new UserError('--start and --end go together: give both as RFC 3339 (2026-03-04T15:00:00Z)');
    const startMs = rfc3339('--start', args.start);
    const endMs = rfc3339('--end', args.end);
    if (endMs <= startMs) throw new UserError(`--end must be after --start, got ${args.start} .. ${args.end}`);
    return { startMs, endMs };
  }
  return { startMs: nowMs - durationMs(args.since ?? DEFAULT_SINCE), endMs: nowMs };
}

function rfc3339(option: string, value: string): number {
  const ms = parseRfc3339Ms(value);
  if (ms === undefined) throw new UserError(`${option} must be an RFC 3339 time such as 2026-03-04T15:00:00Z, got "${value}"`);
  return ms;
}

/** `90m`, `2h`, `1d`, `45s` → milliseconds (a positive whole number of one unit). */
export function durationMs(text: string): number {
  const ms = parseWholeDurationMs(text.trim()) ?? 0;
  if (ms <= 0) throw new UserError(`--since must be a duration such as 30m, 2h or 1d, got "${text}"`);
  return ms;
}

async function readTopology(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read --topology ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
