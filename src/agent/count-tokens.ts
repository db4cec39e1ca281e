import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import type { AgentMessage, ToolDefinition } from './chat-model.ts';

let encoder: Tiktoken | undefined;

/** Tokens of `text` by the o200k_base encoding (GPT-4o family), counted locally and offline. */
export function countTokens(text: string): number {
  encoder ??= new Tiktoken(o200kBase);
  return encoder.encode(text).length;
}

/** The first `maxTokens` tokens of `text`, with a marker saying how much was cut. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; tokens: number; truncated: boolean } {
  encoder ??= new Tiktoken(o200kBase);
  const tokens = encoder.encode(text);
  if (tokens.length <= maxTokens) return { text, tokens: tokens.length, truncated: false };
  const kept = encoder.decode(tokens.slice(0, Math.max(0, maxTokens - 12)));
  const marked = `${kept}\n…[truncated: ${tokens.length - maxTokens} more tokens]`;
  return { text: marked, tokens: countTokens(marked), truncated: true };
}

/** Per-message framing the chat format adds around each message (OpenAI's published estimate). */
const PER_MESSAGE_TOKENS = 4;

/** Prompt tokens of a request: message texts, tool calls and the tool schemas, counted locally. */
export function countRequestTokens(messages: readonly AgentMessage[], tools: readonly ToolDefinition[] = []): number {
  let total = 3;
  for (const m of messages) {
    total += PER_MESSAGE_TOKENS + countTokens(m.content ?? '');
    if (m.role === 'assistant') for (const call of m.toolCalls ?? []) total += countTokens(call.name) + countTokens(call.argumentsJson) + 3;
  }
  if (tools.length) total += countTokens(JSON.stringify(tools));
  return total;
}
