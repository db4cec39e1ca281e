import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions/completions';
import type { Config } from '../config.ts';
import type { AgentMessage, ChatModel, ChatRequest, ChatResponse, ToolCall } from './chat-model.ts';
import { ModelCallError, type ModelFailureKind } from './agent-errors.ts';

/** Options of {@link createOpenAiChatModel}. */
export interface OpenAiChatModelOptions {
  model: string;
  /** Any OpenAI-compatible endpoint (`…/v1`); absent → api.openai.com. */
  baseURL?: string;
  /** Absent → a placeholder, for keyless local servers (Ollama, llama.cpp, vLLM). */
  apiKey?: string;
  /** Per request, in ms (default 30 s). */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx and connection errors (default 1). */
  maxRetries?: number;
  /** Ask for server-sent events and assemble the reply from the chunks. */
  stream?: boolean;
}

const KEYLESS_PLACEHOLDER = 'no-key';

/** The chat model of the environment, or `undefined` when `OPSIGHT_MODEL` is not set (offline). */
export function chatModelFromConfig(config: Pick<Config, 'OPSIGHT_MODEL' | 'OPENAI_BASE_URL' | 'OPENAI_API_KEY'>, options: Omit<OpenAiChatModelOptions, 'model' | 'baseURL' | 'apiKey'> = {}): ChatModel | undefined {
  if (!config.OPSIGHT_MODEL) return undefined;
  return createOpenAiChatModel({
    ...options,
    model: config.OPSIGHT_MODEL,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
  });
}

/** A {@link ChatModel} over the `openai` SDK's chat completions (tools, json_schema, streaming). */
export function createOpenAiChatModel(options: OpenAiChatModelOptions): ChatModel {
  const client = new OpenAI({
    apiKey: options.apiKey ?? KEYLESS_PLACEHOLDER,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 1,
  });
  const name = options.model;
  return {
    name,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      const params: ChatCompletionCreateParamsBase = {
        model: name,
        messages: request.messages.map(toOpenAiMessage),
        ...(request.tools?.length
          ? { tools: request.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })), parallel_tool_calls: true }
          : {}),
        ...(request.responseFormat
          ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema, strict: true } } }
          : {}),
      };
      try {
        return options.stream ? await completeStreaming(client, params, request.signal) : await completeOnce(client, params, request.signal);
      } catch (error) {
        throw toModelCallError(name, error);
      }
    },
  };
}

async function completeOnce(client: OpenAI, params: ChatCompletionCreateParamsBase, signal?: AbortSignal): Promise<ChatResponse> {
  const completion = await client.chat.completions.create({ ...params, stream: false }, signal ? { signal } : {});
  const choice = completion.choices[0];
  const toolCalls: ToolCall[] = [];
  for (const call of choice?.message.tool_calls ?? []) {
    if (call.type === 'function') toolCalls.push({ id: call.id, name: call.function.name, argumentsJson: call.function.arguments });
  }
  return {
    content: choice?.message.content ?? null,
    toolCalls,
    usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
    finishReason: choice?.finish_reason ?? null,
  };
}

async function completeStreaming(client: OpenAI, params: ChatCompletionCreateParamsBase, signal?: AbortSignal): Promise<ChatResponse> {
  const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, signal ? { signal } : {});
  let content = '';
  let sawContent = false;
  let finishReason: string | null = null;
  const usage = { promptTokens: 0, completionTokens: 0 };
  // Tool calls arrive in pieces keyed by index: the id and name first, the arguments in fragments.
  const calls = new Map<number, ToolCall>();
  for await (const chunk of stream) {
    if (chunk.usage) {
      usage.promptTokens = chunk.usage.prompt_tokens;
      usage.completionTokens = chunk.usage.completion_tokens;
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.finish_reason) finishReason = choice.finish_reason;
    if (choice.delta.content) { content += choice.delta.content; sawContent = true; }
    for (const part of choice.delta.tool_calls ?? []) {
      const call = calls.get(part.index) ?? { id: '', name: '', argumentsJson: '' };
      if (part.id) call.id = part.id;
      if (part.function?.name) call.name += part.function.name;
      if (part.function?.arguments) call.argumentsJson += part.function.arguments;
      calls.set(part.index, call);
    }
  }
  return { content: sawContent ? content : null, toolCalls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c), usage, finishReason };
}

function toOpenAiMessage(message: AgentMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? { tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.argumentsJson } })) }
          : {}),
      };
  }
}

/** Maps SDK errors to who must act; the message never includes the API key. */
export function toModelCallError(model: string, error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (error instanceof APIUserAbortError) return new ModelCallError(model, 'timeout', undefined, 'aborted: the agent ran out of wall time');
  if (error instanceof APIConnectionTimeoutError) return new ModelCallError(model, 'timeout', undefined, 'request timed out');
  if (error instanceof APIConnectionError) return new ModelCallError(model, 'connection', undefined, 'cannot connect');
  if (error instanceof APIError) {
    const status = error.status;
    const kind: ModelFailureKind = status === 401 || status === 403 ? 'auth' : status === 429 ? 'rate-limit' : status !== undefined && status >= 500 ? 'server' : status === 400 || status === 404 || status === 422 ? 'bad-request' : 'other';
    return new ModelCallError(model, kind, status, firstLine(error.message));
  }
  return new ModelCallError(model, 'other', undefined, firstLine((error as Error)?.message ?? String(error)));
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
