import { describe, expect, it } from 'vitest';
import { loadAgentSettings } from '../../src/agent/agent-settings.ts';
import { loadMcpServersConfig } from '../../src/agent/mcp/mcp-servers-config.ts';
import { configSection, readConfigFile } from '../../src/config-file.ts';
import { loadExecutorConfig } from '../../src/executor/load-executor-config.ts';
import { JobsSettingsSchema, RetroSettingsSchema } from '../../src/jobs/jobs-settings.ts';
import { LifecycleSettingsSchema } from '../../src/lifecycle/lifecycle-settings.ts';
import { SlackSettingsSchema } from '../../src/slack/slack-settings.ts';

const EXAMPLE = 'examples/opsight.config.yaml';

describe('examples/opsight.config.yaml (the README points people at it)', () => {
  it('is valid for every section that reads it', async () => {
    const file = await readConfigFile(EXAMPLE);
    expect(Object.keys(await loadMcpServersConfig({ settingsFile: EXAMPLE }))).toEqual(['slack', 'alerts', 'metrics', 'changes']);
    expect(loadAgentSettings(file).maxSteps).toBe(6);
    expect(loadExecutorConfig(file).policy.roles['team-lead']?.users).toEqual(['U0LEAD1', 'U0LEAD2']);
    expect(configSection(file, 'slack', SlackSettingsSchema).commandName).toBe('/incident');
    expect(configSection(file, 'lifecycle', LifecycleSettingsSchema).autoOpen).toEqual({ critical: 'sev2' });
    expect(configSection(file, 'jobs', JobsSettingsSchema).retryLimit).toBe(3);
    expect(configSection(file, 'retro', RetroSettingsSchema).timezone).toBe('Europe/Berlin');
  });

  it('names the section and field of a wrong setting', async () => {
    const file = { path: 'bad.yaml', sections: { lifecycle: { broadcastChannel: '#incidents' } } };
    expect(() => configSection(file, 'lifecycle', LifecycleSettingsSchema)).toThrow(/bad\.yaml: lifecycle\.broadcastChannel: must be a Slack channel id/);
  });
});
