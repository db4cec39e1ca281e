import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { countTokens } from '../../src/agent/count-tokens.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server.ts';

/**
 * For a CLI test file or describe block: a fake OpenAI-compatible server (requests cleared before each
 * test), an agent config without retries, and the environment that points `opsight` at them.
 */
export function useFakeModel(): { fake: () => FakeOpenAiServer; env: () => NodeJS.ProcessEnv; configFile: () => string } {
  let fake: FakeOpenAiServer;
  let configFile: string;
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    const dir = await mkdtemp(join(tmpdir(), 'opsight-fake-model-'));
    configFile = join(dir, 'opsight.yaml');
    await writeFile(configFile, 'agent:\n  maxRetries: 0\n  requestTimeoutMs: 5000\n');
    countTokens('warm up'); // the tokenizer's table takes seconds to load on a busy machine: once, here
  }, 60_000);
  afterAll(async () => { await fake.close(); });
  beforeEach(() => { fake.requests.length = 0; });
  return {
    fake: () => fake,
    configFile: () => configFile,
    env: () => ({ OPSIGHT_MODEL: 'fake-gpt', OPENAI_BASE_URL: fake.url, OPSIGHT_CONFIG: configFile }),
  };
}
