import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../config-file.ts';
import { agentFromConfig } from './agent-from-config.ts';
import { DEFAULT_AGENT_SETTINGS } from './agent-settings.ts';

const file = (agent?: unknown) => ({ path: 'opsight.yaml', sections: agent === undefined ? {} : { agent } });

describe('agentFromConfig', () => {
  it('has no model without OPSIGHT_MODEL, and the documented defaults', () => {
    expect(agentFromConfig({}, file())).toEqual({ settings: DEFAULT_AGENT_SETTINGS });
    expect(DEFAULT_AGENT_SETTINGS).toMatchObject({ maxSteps: 6, maxPromptTokens: 12_000, wallTimeMs: 60_000 });
  });

  it('names the model after OPSIGHT_MODEL and reads the agent section', () => {
    const setup = agentFromConfig({ OPSIGHT_MODEL: 'qwen2.5', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }, file({ maxSteps: 3, stream: true }));
    expect(setup.model?.name).toBe('qwen2.5');
    expect(setup.settings).toMatchObject({ maxSteps: 3, stream: true, maxPromptTokens: 12_000 });
  });

  it.each([
    [{ maxSteps: 0 }, /agent\.maxSteps: /],
    [{ maxPromptTokens: 'lots' }, /agent\.maxPromptTokens: /],
    [{ responseFormat: 'xml' }, /agent\.responseFormat: /],
    [{ maxStep: 3 }, /agent: Unrecognized key: "maxStep"/],
  ])('rejects %j naming the field', (agent, message) => {
    expect(() => agentFromConfig({}, file(agent))).toThrow(ConfigFileError);
    expect(() => agentFromConfig({}, file(agent))).toThrow(message);
  });
});
