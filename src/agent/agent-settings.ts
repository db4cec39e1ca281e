import { z } from 'zod';
import { configSection, type ConfigFile } from '../config-file.ts';

/** The `agent` section of the settings file (OPSIGHT_CONFIG); every field has a default. */
export const AgentSettingsSchema = z.object({
  /** Model round trips that may request tools before the answer is forced. */
  maxSteps: z.number().int().min(1).max(50).default(6),
  /** Upper bound on the prompt of any one request, counted with the o200k tokenizer. */
  maxPromptTokens: z.number().int().min(1_000).max(1_000_000).default(12_000),
  /** Wall time of the whole answer, model and tools included. */
  wallTimeMs: z.number().int().min(1_000).default(60_000),
  /** Timeout of one model request (the SDK retries at most `maxRetries` times within the wall time). */
  requestTimeoutMs: z.number().int().min(100).default(30_000),
  maxRetries: z.number().int().min(0).max(5).default(1),
  /** Timeout of one external (MCP) tool call. */
  toolTimeoutMs: z.number().int().min(100).default(15_000),
  /** Tool output beyond this many tokens is cut before it goes back to the model. */
  maxToolOutputTokens: z.number().int().min(50).default(1_200),
  /** `json_schema` asks for structured output; `none` for servers that reject `response_format`. */
  responseFormat: z.enum(['json_schema', 'none']).default('json_schema'),
  /** Use server-sent events for model replies. */
  stream: z.boolean().default(false),
}).strict();
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;

/** The defaults (6 steps, 12,000 prompt tokens, 60 s). */
export const DEFAULT_AGENT_SETTINGS: AgentSettings = AgentSettingsSchema.parse({});

/** Reads and validates the `agent` section; errors name `agent.<field>` in the file. */
export function loadAgentSettings(file: ConfigFile): AgentSettings {
  return configSection(file, 'agent', AgentSettingsSchema);
}
