import type { AgentSetup } from '../agent/agent-from-config.ts';
import { loadConfig } from '../config.ts';
import { readConfigFile } from '../config-file.ts';

/** The model and agent settings when OPSIGHT_MODEL is set; else undefined (the deterministic analysis answers). */
export async function loadAgentSetup(env: NodeJS.ProcessEnv): Promise<AgentSetup | undefined> {
  if (!env.OPSIGHT_MODEL) return undefined;
  const config = loadConfig(env);
  const { agentFromConfig } = await import('../agent/agent-from-config.ts');
  return agentFromConfig(config, await readConfigFile(config.OPSIGHT_CONFIG));
}
