import type { Config } from '../config.ts';
import { readConfigFile } from '../config-file.ts';
import type { RetroNarrator } from '../retro/with-narrative.ts';

/** The model narrator for retrospective drafts when OPSIGHT_MODEL is set (loaded only then), else none. */
export async function configuredRetroNarrator(config: Config): Promise<RetroNarrator | undefined> {
  if (!config.OPSIGHT_MODEL) return undefined;
  const { agentFromConfig } = await import('../agent/agent-from-config.ts');
  const { retrospectiveNarrator } = await import('../retro/retrospective-narrator.ts');
  return retrospectiveNarrator(agentFromConfig(config, await readConfigFile(config.OPSIGHT_CONFIG)));
}
