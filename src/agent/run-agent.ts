import type { Redactor } from '../redact/redactor.ts';
import { OpsightError } from '../domain/errors.ts';
import type { AgentSettings } from './agent-settings.ts';
import { AGENT_ANSWER_FORMAT, parseAgentAnswer, type AgentAnswer, type AllowedReferences } from './agent-answer.ts';
import type { AgentTool } from './agent-tool.ts';
import { ModelBehaviorError } from './agent-errors.ts';
import type { AgentMessage, ChatModel, ChatRequest, ChatResponse, ToolCall } from './chat-model.ts';
import { countRequestTokens, truncateToTokens } from './count-tokens.ts';
import { decideNextStep } from './decide-next-step.ts';

/** Tokens, round trips and time of one agent run. */
export interface AgentUsage {
  /** As reported by the server, summed over round trips. */
  promptTokens: number;
  completionTokens: number;
  roundTrips: number;
  /** Wall time spent in our code and tools, not waiting for the model. */
  msOutsideModel: number;
  /** The largest prompt of one request, counted locally (o200k); bounded by `maxPromptTokens`. */
  maxRequestPromptTokens: number;
  toolCalls: number;
}

/** Input of {@link runAgent}. The messages must already be redacted. */
export interface RunAgentInput {
  model: ChatModel;
  messages: AgentMessage[];
  tools: AgentTool[];
  settings: AgentSettings;
  redactor: Redactor;
  allowed: AllowedReferences;
}

/** A budget ran out before the model answered: the wall time, or a prompt that cannot fit. */
export class AgentBudgetError extends OpsightError {
  constructor(readonly budget: 'wall time' | 'prompt tokens', detail: string) {
    super('AGENT_OUT_OF_BUDGET', `the agent ran out of its ${budget} budget (${detail}); raise agent.${budget === 'wall time' ? 'wallTimeMs' : 'maxPromptTokens'} in the settings file`);
  }
}

const FINAL_NUDGE = 'Budget for tools is used up. Reply now with only the JSON object, from what you already have.';

/**
 * The tool-calling loop: ask the model, run the tools it asks for (concurrently; errors go back as
 * tool results; outputs redacted and cut to the budget), until it answers; then validate the answer
 * (one repair attempt). Throws `ModelCallError` (endpoint failed), `ModelBehaviorError` (contract
 * broken) or `AgentBudgetError` (wall time); the caller falls back to the deterministic answer.
 */
export async function runAgent(input: RunAgentInput): Promise<{ answer: AgentAnswer; usage: AgentUsage }> {
  const { model, settings, redactor } = input;
  const started = performance.now();
  const usage: AgentUsage = { promptTokens: 0, completionTokens: 0, roundTrips: 0, msOutsideModel: 0, maxRequestPromptTokens: 0, toolCalls: 0 };
  let msInModel = 0;
  const deadline = AbortSignal.timeout(settings.wallTimeMs);
  const byName = new Map(input.tools.map((t) => [t.definition.name, t]));
  const definitions = input.tools.map((t) => t.definition);
  const format = settings.responseFormat === 'json_schema' ? AGENT_ANSWER_FORMAT : undefined;
  const messages = [...input.messages];

  const ask = async (withTools: boolean): Promise<ChatResponse> => {
    const request: ChatRequest = { messages: [...messages], signal: deadline, ...(withTools && definitions.length ? { tools: definitions } : {}), ...(format ? { responseFormat: format } : {}) };
    const tokens = countRequestTokens(request.messages, request.tools);
    // Never send a prompt over budget (many MCP tools with large schemas can do that on their own).
    if (tokens > settings.maxPromptTokens) throw new AgentBudgetError('prompt tokens', `the request would need ${tokens}, the limit is ${settings.maxPromptTokens}`);
    usage.maxRequestPromptTokens = Math.max(usage.maxRequestPromptTokens, tokens);
    const t0 = performance.now();
    try {
      const response = await model.complete(request);
      usage.promptTokens += response.usage.promptTokens;
      usage.completionTokens += response.usage.completionTokens;
      return response;
    } finally {
      msInModel += performance.now() - t0;
      usage.roundTrips++;
    }
  };
  const finish = (answer: AgentAnswer) => {
    usage.msOutsideModel = Math.round(performance.now() - started - msInModel);
    return { answer, usage };
  };

  let response = await ask(true);
  for (let step = 1; ; step++) {
    const next = decideNextStep({
      toolCallCount: response.toolCalls.length,
      step,
      maxSteps: settings.maxSteps,
      elapsedMs: performance.now() - started,
      wallTimeMs: settings.wallTimeMs,
      promptTokens: countRequestTokens([...messages, assistantOf(response)], definitions),
      maxPromptTokens: settings.maxPromptTokens,
      maxToolOutputTokens: settings.maxToolOutputTokens,
    });
    if (next.type === 'answer') break;
    if (next.type === 'out_of_budget') {
      if (next.budget === 'wall_time') throw new AgentBudgetError('wall time', `${settings.wallTimeMs} ms`);
      // The unanswered tool calls are dropped: the model answers from what it has.
      messages.push({ role: 'user', content: FINAL_NUDGE });
      response = await ask(false);
      if (response.toolCalls.length) throw new ModelBehaviorError(model.name, 'kept calling tools after its budget ran out');
      break;
    }
    checkToolCalls(model.name, response.toolCalls, byName);
    messages.push(assistantOf(response));
    usage.toolCalls += response.toolCalls.length;
    const outputs = await Promise.all(response.toolCalls.map((call) => runTool(call, byName.get(call.name)!, redactor, next.maxTokensPerOutput)));
    messages.push(...outputs);
    response = await ask(true);
  }

  const first = parseAgentAnswer(response.content, input.allowed);
  if (first.ok) return finish(first.value);
  messages.push({ role: 'assistant', content: response.content ?? '' });
  messages.push({ role: 'user', content: `Your reply was not accepted: ${first.problem}. Reply again with only the JSON object.` });
  const repaired = await ask(false);
  const second = parseAgentAnswer(repaired.content, input.allowed);
  if (second.ok) return finish(second.value);
  throw new ModelBehaviorError(model.name, `returned an invalid answer twice (${second.problem})`);
}

function assistantOf(response: ChatResponse): AgentMessage {
  return { role: 'assistant', content: response.content, ...(response.toolCalls.length ? { toolCalls: response.toolCalls } : {}) };
}

/** Unknown tool names and arguments that are not a JSON object break the contract: no retry. */
function checkToolCalls(model: string, calls: readonly ToolCall[], byName: ReadonlyMap<string, AgentTool>): void {
  for (const call of calls) {
    if (!byName.has(call.name)) throw new ModelBehaviorError(model, `called the unknown tool "${call.name.slice(0, 60)}"`);
    if (!call.id) throw new ModelBehaviorError(model, `sent a tool call to "${call.name}" without an id`);
    const args = parseArguments(call.argumentsJson);
    if (!args) throw new ModelBehaviorError(model, `sent malformed arguments to "${call.name}" (not a JSON object)`);
  }
}

function parseArguments(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json.trim() === '' ? '{}' : json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function runTool(call: ToolCall, tool: AgentTool, redactor: Redactor, maxTokens: number): Promise<AgentMessage> {
  let text: string;
  try {
    text = await tool.run(parseArguments(call.argumentsJson)!);
  } catch (error) {
    text = JSON.stringify({ error: (error as Error).message });
  }
  return { role: 'tool', toolCallId: call.id, content: truncateToTokens(redactor.redact(text), maxTokens).text };
}
