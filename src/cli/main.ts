import { parseArgs } from 'node:util';
import type { IncidentBundle, Report } from '../domain/index.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import { renderText } from '../report/render-text.ts';
import { analyzeBundleDir } from './analyze-bundle-dir.ts';
import { analyzeIncident } from '../analysis/analyze-incident.ts';
import { readBundle } from '../ingest/index.ts';
import { buildReport } from '../report/build-report.ts';
import type { AgentSetup } from '../agent/agent-from-config.ts';
import { reportUserError } from './report-user-error.ts';
import type { CliIo } from './cli-io.ts';
import { loadAgentSetup } from './load-agent-setup.ts';
import { COMMANDS } from './command-registry.ts';
import { repoPath } from '../repo-root.ts';

const USAGE = `opsight — incident analysis

Usage:
  opsight demo [--format text|markdown|json] [--offline]
                                                       analyze the demo incident shipped with opsight
  opsight analyze <bundle-dir>... [--format text|markdown|json] [--no-color] [--offline]
                                                       analyze incident bundles (shared/spec/incident-bundle.md)
  opsight analyze --live [--channel C123[,other…]] [--since 2h | --start RFC3339 --end RFC3339] [--services a,b]
                  [--mcp-config FILE] [--topology FILE] [--format …]
                                                       analyze live sources through the MCP servers of --mcp-config
                                                       (else the mcpServers section of OPSIGHT_CONFIG)
  opsight migrate                                      create or update the store's schema
  opsight ingest <bundle-dir>...                       analyze bundles and store each incident and report
  opsight similar <incident-id | bundle-dir> [--format text|json] [--limit N]
                                                       stored incidents most like this one (default 5, at most 100)
  opsight help

With OPSIGHT_MODEL set, the summary is written by that model (OPENAI_BASE_URL, OPENAI_API_KEY) over the
deterministic analysis; --offline skips the model.
The store is PostgreSQL at DATABASE_URL when set, else embedded PGlite in OPSIGHT_DATA_DIR (default .opsight).

Exit codes: 0 success, 2 bad input or usage (the error is on stderr), 1 internal error.
`;

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const more = commands.map((c) => c.usage.replace(/^/gm, '  ')).join('\n');
  return more ? USAGE.replace('  opsight help\n', `${more}\n  opsight help\n`) : USAGE;
}

const FORMATS = ['text', 'markdown', 'json'] as const;
const LIVE_ONLY_OPTIONS = ['channel', 'since', 'start', 'end', 'services', 'mcp-config', 'topology'] as const;
type Format = (typeof FORMATS)[number];

export const DEMO_BUNDLE_DIR = repoPath('examples', 'demo-incident');

export type { CliIo } from './cli-io.ts';

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it (with their own `env`). */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const registered = argv[0] === undefined ? undefined : COMMANDS[argv[0]];
  if (registered) return (await registered()).run(argv.slice(1), io, env);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        limit: { type: 'string' },
        'no-color': { type: 'boolean' },
        offline: { type: 'boolean' },
        live: { type: 'boolean' },
        channel: { type: 'string' },
        since: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        services: { type: 'string' },
        'mcp-config': { type: 'string' },
        topology: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr.write(`opsight: ${(error as Error).message}\n\n${await usage()}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command || command === 'help') {
    io.stdout.write(await usage());
    return command || parsed.values.help ? 0 : 2;
  }
  if (command === 'migrate' || command === 'ingest') return (await import('./run-store-command.ts')).runStoreCommand(command, rest, io, env);
  const isTty = Boolean(io.stdout.isTTY);
  if (command === 'similar') {
    const format = parsed.values.format ?? (isTty ? 'text' : 'json');
    const limit = Number(parsed.values.limit ?? 5);
    const problem =
      rest.length !== 1
        ? `similar needs exactly one incident id or bundle directory, got ${rest.length}`
        : format !== 'text' && format !== 'json'
          ? `--format must be one of text, json for similar, got "${format}"`
          : !Number.isInteger(limit) || limit < 1 || limit > 100
            ? `--limit must be a whole number from 1 to 100, got "${parsed.values.limit}"`
            : undefined;
    if (problem) {
      io.stderr.write(`opsight: ${problem}\n\n${await usage()}`);
      return 2;
    }
    return (await import('./run-similar-command.ts')).runSimilarCommand(rest[0]!, { format: format as 'text' | 'json', limit }, io, env);
  }
  // Text for people; JSON when piped into another program (the demo is always for people).
  const format = (parsed.values.format ?? (isTty || command === 'demo' ? 'text' : 'json')) as Format;
  if (!FORMATS.includes(format)) {
    io.stderr.write(`opsight: --format must be one of ${FORMATS.join(', ')}, got "${format}"\n`);
    return 2;
  }
  const color = isTty && !parsed.values['no-color'] && !env.NO_COLOR;

  if (command === 'analyze' && parsed.values.live) {
    if (rest.length > 0) {
      io.stderr.write(`opsight: analyze --live reads live sources, not bundle directories; drop ${rest.join(' ')} or --live\n`);
      return 2;
    }
    const v = parsed.values;
    try {
      const agent = parsed.values.offline ? undefined : await loadAgentSetup(env);
      const { runLiveAnalysis } = await import('./run-live-analysis.ts');
      const live = await runLiveAnalysis({ channel: v.channel, since: v.since, start: v.start, end: v.end, services: v.services, mcpConfig: v['mcp-config'], topology: v.topology }, io, env);
      const report = agent?.model ? await narrate(live.bundle, agent, io) : live.report;
      io.stdout.write(render(report, format, color, false));
      return 0;
    } catch (error) {
      reportUserError(io, error);
      return 2;
    }
  }

  const liveOnly = LIVE_ONLY_OPTIONS.filter((o) => parsed.values[o] !== undefined);
  if (liveOnly.length > 0) {
    io.stderr.write(`opsight: --${liveOnly.join(', --')} only apply to analyze --live\n\n${await usage()}`);
    return 2;
  }

  let dirs: string[];
  if (command === 'demo') dirs = [DEMO_BUNDLE_DIR];
  else if (command === 'analyze') dirs = rest;
  else {
    io.stderr.write(`opsight: unknown command "${command}"\n\n${await usage()}`);
    return 2;
  }
  if (dirs.length === 0) {
    io.stderr.write(`opsight: analyze needs at least one bundle directory\n\n${await usage()}`);
    return 2;
  }

  let agent: AgentSetup | undefined;
  try {
    agent = parsed.values.offline ? undefined : await loadAgentSetup(env);
  } catch (error) {
    reportUserError(io, error);
    return 2;
  }
  let failures = 0;
  for (const [i, dir] of dirs.entries()) {
    if (dirs.length > 1) io.stderr.write(`[${i + 1}/${dirs.length}] analyzing ${dir}\n`);
    try {
      const report = agent?.model ? await narrate(await readBundle(dir), agent, io) : await analyzeBundleDir(dir);
      io.stdout.write(render(report, format, color, dirs.length > 1 && i > 0));
    } catch (error) {
      reportUserError(io, error);
      failures++;
    }
  }
  return failures ? 2 : 0;
}

/** The report with the model's summary; when the model fails, the deterministic one and one line saying why. */
async function narrate(bundle: IncidentBundle, agent: AgentSetup, io: CliIo): Promise<Report> {
  const analysis = analyzeIncident(bundle);
  const { answerIncident } = await import('../agent/answer-incident.ts');
  const result = await answerIncident({ bundle, analysis, report: buildReport(bundle, analysis), ...agent });
  if (result.offlineReason) io.stderr.write(`opsight: ran offline: ${result.offlineReason}\n`);
  return result.report;
}

function render(report: Report, format: Format, color: boolean, separate: boolean): string {
  if (format === 'json') return `${JSON.stringify(report)}\n`;
  const body = format === 'markdown' ? renderMarkdown(report) : renderText(report, { color });
  return separate ? `\n${'─'.repeat(60)}\n${body}` : body;
}
