import type { ConfigFile } from '../config-file.ts';
import type { Config } from '../config.ts';
import { loadAgentSettings, type AgentSettings } from './agent-settings.ts';
import type { ChatModel } from './chat-model.ts';
import { chatModelFromConfig } from './openai-chat-model.ts';

/** The model and settings an entry point passes to `answerIncident`. */
export interface AgentSetup {
  /** Undefined when `OPSIGHT_MODEL` is not set: entry points answer offline. */
  model?: ChatModel;
  settings: AgentSettings;
}

/** The chat model of the (validated) environment and the `agent` section of the settings file. */
export function agentFromConfig(config: Pick<Config, 'OPSIGHT_MODEL' | 'OPENAI_BASE_URL' | 'OPENAI_API_KEY'>, file: ConfigFile): AgentSetup {
  const settings = loadAgentSettings(file);
  const model = chatModelFromConfig(config, { timeoutMs: settings.requestTimeoutMs, maxRetries: settings.maxRetries, stream: settings.stream });
  return model ? { model, settings } : { settings };
}
