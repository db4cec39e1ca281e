import type { Analysis } from '../analysis/analyze-incident.ts';
import { OpsightError } from '../domain/errors.ts';
import type { IncidentBundle, Report } from '../domain/index.ts';
import { createRedactor, type Redactor } from '../redact/redactor.ts';
import { AgentSettingsSchema, type AgentSettings } from './agent-settings.ts';
import type { AgentTool } from './agent-tool.ts';
import { analysisTools, type FindSimilar } from './analysis-tools.ts';
import { answerOffline } from './answer-offline.ts';
import { buildContext, escapeDelimiters } from './build-context.ts';
import type { AgentMessage, ChatModel } from './chat-model.ts';
import { countRequestTokens } from './count-tokens.ts';
import { externalAgentTools, type ExternalTools } from './external-tools.ts';
import { loadPrompt, renderPrompt } from './load-prompt.ts';
import { runAgent, type AgentUsage } from './run-agent.ts';

/** What the prose is for: the summary, a postmortem narrative, or (with a question) an answer. */
export type AgentTask = 'summarize' | 'retrospective';

/** Input of {@link answerIncident}. */
export interface AnswerIncidentInput {
  bundle: IncidentBundle;
  analysis: Analysis;
  report: Report;
  /** A responder's free-form question; absent → the summary (or retrospective). */
  question?: string;
  task?: AgentTask;
  /** Absent → the deterministic answer, marked offline. */
  model?: ChatModel;
  /** External (MCP) tools offered to the model next to the analysis tools. */
  tools?: ExternalTools;
  /** Stored similar incidents; enables the `get_similar_incidents` tool. */
  findSimilar?: FindSimilar;
  /** The `agent` section of the settings file (defaults: 6 steps, 12,000 prompt tokens, 60 s). */
  settings?: Partial<AgentSettings>;
  /** The incident's redactor (one per incident, so placeholders stay stable); a fresh one when absent. */
  redactor?: Redactor;
}

/** The answer, the report with the model's summary (numbers untouched), and what it cost. */
export interface AgentResult {
  /** The deterministic report; with a model, `summary` is the model's and `generatedBy` its name. */
  report: Report;
  answer: string;
  citedSignalIds: string[];
  /** Proposals of the report the answer recommends (always a subset of `report.proposedCommands`). */
  proposedCommandIds: string[];
  /** The model's name, or `deterministic`. */
  generatedBy: string;
  offline: boolean;
  /** One line: why the deterministic answer was used. */
  offlineReason?: string;
  /**
   * Tokens and round trips of the model conversation, the context's token count, and the time spent
   * outside the model (for an offline result after a failed model call: the whole elapsed time).
   */
  usage: AgentUsage & { contextTokens: number };
  /** The task prompt used (its id and version). */
  prompt: { id: string; version: number };
}

const PROMPT_VERSION = 1;
/** Share of the prompt budget (after instructions and tool schemas) given to the incident context; the rest is for tool results. */
const CONTEXT_SHARE = 0.65;
const MAX_LISTED_SIGNAL_IDS = 30;

/**
 * Answers about an incident with the model over the analysis tools (and external tools), or, with no
 * model or when it fails, from the deterministic analysis with a one-line `offlineReason`. Everything
 * sent to the model passes one redactor; every number in the report stays the analysis'.
 */
export async function answerIncident(input: AnswerIncidentInput): Promise<AgentResult> {
  const started = performance.now();
  const settings = AgentSettingsSchema.parse(input.settings ?? {});
  const redactor = input.redactor ?? createRedactor();
  const taskName = input.question ? 'answer-question' : (input.task ?? 'summarize');
  const template = loadPrompt(taskName, PROMPT_VERSION);
  const prompt = { id: template.id, version: template.version };
  const emptyUsage = { promptTokens: 0, completionTokens: 0, roundTrips: 0, maxRequestPromptTokens: 0, toolCalls: 0, contextTokens: 0 };

  const offline = (reason: string, usage = emptyUsage): AgentResult => {
    const off = answerOffline(input);
    return {
      report: input.report,
      answer: redactor.redact(off.answer),
      citedSignalIds: off.citedSignalIds,
      proposedCommandIds: input.report.proposedCommands.map((p) => p.id),
      generatedBy: 'deterministic',
      offline: true,
      offlineReason: reason,
      usage: { ...usage, msOutsideModel: Math.round(performance.now() - started) },
      prompt,
    };
  };
  if (!input.model) return offline('no LLM configured (set OPSIGHT_MODEL to use one)');
  const model = input.model;

  const tools: AgentTool[] = analysisTools(input);
  if (input.tools) {
    try {
      tools.push(...(await externalAgentTools(input.tools, new Set(tools.map((t) => t.definition.name)), settings.toolTimeoutMs)).tools);
    } catch {
      // The MCP servers being down must not stop the answer: the analysis tools still work.
    }
  }
  const system = loadPrompt('system', PROMPT_VERSION);
  const signalIds = [...new Set([...input.report.rootCauses.flatMap((r) => r.signalIds), ...[...input.report.signals].sort((a, b) => b.confidence - a.confidence).map((s) => s.id)])];
  const values = (context: string): Record<string, string> => ({
    context,
    signal_ids: `${signalIds.slice(0, MAX_LISTED_SIGNAL_IDS).join(', ') || '(none)'}${signalIds.length > MAX_LISTED_SIGNAL_IDS ? ', or any other [id] shown in the data or tool results' : ''}`,
    command_ids: input.report.proposedCommands.map((p) => p.id).join(', ') || '(none: propose nothing)',
    ...(input.question ? { question: redactor.redact(escapeDelimiters(input.question)) } : {}),
  });
  const systemMessage: AgentMessage = { role: 'system', content: renderPrompt(system, {}) };
  const overhead = countRequestTokens([systemMessage, { role: 'user', content: renderPrompt(template, values('')) }], tools.map((t) => t.definition));
  const context = buildContext({ ...input, redactor, budgetTokens: Math.max(500, Math.floor((settings.maxPromptTokens - overhead) * CONTEXT_SHARE)) });
  const messages: AgentMessage[] = [systemMessage, { role: 'user', content: renderPrompt(template, values(context.text)) }];

  const allowed = { signalIds: new Set(input.analysis.signals.map((s) => s.id)), commandIds: new Set(input.report.proposedCommands.map((p) => p.id)) };
  try {
    const beforeRunMs = performance.now();
    const run = await runAgent({ model, messages, tools, settings, redactor, allowed });
    const afterRunMs = performance.now();
    const a = run.answer;
    const summary = redactor.redact(a.summary);
    return {
      report: { ...input.report, summary, generatedBy: model.name },
      answer: redactor.redact(a.answer ?? a.summary),
      citedSignalIds: a.citedSignalIds,
      proposedCommandIds: a.proposedCommandIds,
      generatedBy: model.name,
      offline: false,
      // Context building before the loop and assembly after it count as time outside the model too.
      usage: { ...run.usage, contextTokens: context.tokens, msOutsideModel: Math.round(beforeRunMs - started + run.usage.msOutsideModel + (performance.now() - afterRunMs)) },
      prompt,
    };
  } catch (error) {
    if (!(error instanceof OpsightError)) throw error;
    return offline(`${error.message.split('\n')[0]!.replace(/\.$/, '')}; answered from the deterministic analysis`, { ...emptyUsage, contextTokens: context.tokens });
  }
}
