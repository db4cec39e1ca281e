import type { AgentSetup } from '../agent/agent-from-config.ts';
import { analyzeIncident } from '../analysis/analyze-incident.ts';
import { OpsightError, type IncidentBundle, type Report } from '../domain/index.ts';
import { readBundle } from '../ingest/index.ts';
import { createRedactor } from '../redact/redactor.ts';
import { formatProbability } from '../report/format-probability.ts';
import { buildReport } from '../report/build-report.ts';
import type { CliIo } from './cli-io.ts';
import { loadAgentSetup } from './load-agent-setup.ts';
import type { CliCommand } from './command-registry.ts';
import { reportUsageError } from './report-usage-error.ts';
import { reportUserError } from './report-user-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE =
  'opsight ask <bundle-dir> "<question>" [--offline] [--format text|json]\n' +
  '                                                    answer a question about an incident: the model (OPSIGHT_MODEL) or offline';

const FORMATS = ['text', 'json'] as const;
type AskFormat = (typeof FORMATS)[number];

/** One signal an answer rests on, as the report describes it. */
export interface AskCitation {
  id: string;
  /** When the signal began (RFC 3339); absent when the id is not among the report's signals. */
  startedAt?: string;
  service?: string;
  label?: string;
  confidence?: number;
  title?: string;
}

/** What `opsight ask --format json` prints: one object. */
export interface AskResult {
  /** The question as it was sent to the model (secrets and personal data replaced by placeholders). */
  question: string;
  answer: string;
  citations: AskCitation[];
  source: 'model' | 'offline';
  /** The model that answered, or the one that failed when the answer fell back to the offline analysis. */
  model?: string;
  /** One line: why the configured model's answer was not used (only when a model was asked and failed). */
  fallbackReason?: string;
}

/**
 * `opsight ask <bundle-dir> "<question>"`: reads and analyzes the bundle like `opsight analyze`, then
 * answers through `answerIncident` — the entry point the Slack app uses — so redaction, prompt budgets
 * and the offline fallback are the same. With OPSIGHT_MODEL set (and no `--offline`) the model answers;
 * otherwise, or when it fails, the deterministic answer, with the one-line reason.
 */
export async function runAskCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      offline: { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  }, (why) => usageError(io, why));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`Usage: ${USAGE}\n`);
    return 0;
  }
  const format = values.format as AskFormat;
  if (!FORMATS.includes(format)) return usageError(io, `--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  const [dir, question, ...extra] = positionals;
  if (dir === undefined || dir.trim() === '') return usageError(io, 'missing <bundle-dir>: the incident bundle directory to ask about');
  if (question === undefined) return usageError(io, 'missing "<question>": quote the question as one argument');
  if (question.trim() === '') return usageError(io, '"<question>" is empty: ask something, e.g. "what is the root cause?"');
  if (extra.length > 0) return usageError(io, `expected <bundle-dir> and one quoted "<question>", got ${positionals.length} arguments: quote the whole question`);

  let agent: AgentSetup | undefined;
  try {
    agent = values.offline ? undefined : await loadAgentSetup(env);
  } catch (error) {
    reportUserError(io, error);
    return 2;
  }

  let bundle: IncidentBundle;
  try {
    bundle = await readBundle(dir);
  } catch (error) {
    const why = error instanceof OpsightError ? error.message : isFsError(error) ? `${error.code}: ${error.message}` : undefined;
    if (why === undefined) throw error;
    io.stderr.write(`opsight ask: <bundle-dir> "${dir}" cannot be read: ${why}\n`);
    return 2;
  }

  const analysis = analyzeIncident(bundle);
  const report = buildReport(bundle, analysis);
  // One redactor for the request and for what is printed, so a secret keeps one placeholder in both.
  const redactor = createRedactor();
  const { answerIncident } = await import('../agent/answer-incident.ts');
  const result = await answerIncident({
    bundle,
    analysis,
    report,
    question,
    redactor,
    ...(agent?.model ? { model: agent.model } : {}),
    ...(agent ? { settings: agent.settings } : {}),
  });

  const modelName = agent?.model?.name;
  const ask: AskResult = {
    question: redactor.redact(question),
    answer: result.answer,
    citations: citationsOf(result.citedSignalIds, report),
    source: result.offline ? 'offline' : 'model',
    ...(result.offline ? (modelName ? { model: modelName, fallbackReason: result.offlineReason ?? 'the model did not answer' } : {}) : { model: result.generatedBy }),
  };
  if (format === 'json') {
    if (ask.fallbackReason) io.stderr.write(`opsight: ran offline: ${ask.fallbackReason}\n`);
    io.stdout.write(`${JSON.stringify(ask)}\n`);
  } else {
    io.stdout.write(renderAskText(ask, { offlineFlag: values.offline === true }));
  }
  return 0;
}

/** The cited signals with their time, service, label and title from the report (unknown ids kept bare). */
export function citationsOf(ids: readonly string[], report: Report): AskCitation[] {
  const byId = new Map(report.signals.map((s) => [s.id, s]));
  return [...new Set(ids)].map((id) => {
    const s = byId.get(id);
    return s ? { id, startedAt: s.startedAt, service: s.service, label: s.label, confidence: s.confidence, title: s.title } : { id };
  });
}

/** The answer, its evidence, and where it came from. */
export function renderAskText(ask: AskResult, options: { offlineFlag?: boolean } = {}): string {
  const lines = [ask.answer.trimEnd(), ''];
  if (ask.citations.length) {
    lines.push('Evidence:');
    for (const c of ask.citations) {
      const details = c.startedAt
        ? `${c.startedAt.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}  ${c.service} · ${c.label} ${formatProbability(c.confidence ?? 0)} — ${c.title}`
        : '(not among the report\'s signals)';
      lines.push(`  [${c.id}] ${details}`);
    }
  } else {
    lines.push('Evidence: none cited');
  }
  if (ask.source === 'model') lines.push(`Answered by: the model ${ask.model}`);
  else if (ask.fallbackReason) {
    lines.push(`Answered by: the offline analysis (the model ${ask.model} failed; fell back)`);
    lines.push(`Fallback reason: ${ask.fallbackReason}`);
  } else {
    lines.push(`Answered by: the offline analysis (${options.offlineFlag ? '--offline' : 'no LLM configured: set OPSIGHT_MODEL to use one'})`);
  }
  return `${lines.join('\n')}\n`;
}

function usageError(io: CliIo, why: string): 2 {
  return reportUsageError(io, 'opsight ask', why, `Usage: ${USAGE}`);
}

function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** The `opsight ask` entry of the command registry. */
export const askCommand: CliCommand = {
  usage: USAGE,
  run: runAskCommand,
};
