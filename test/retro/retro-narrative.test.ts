import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.ts';

const answer = (text: string) => JSON.stringify({ summary: 'Key rotation [change:d-6490].', answer: text, citedSignalIds: ['change:d-6490'], proposedCommandIds: ['INC-2041:p1'] });

describe('opsight retro with OPSIGHT_MODEL: the model writes the narrative, the analysis every figure', () => {
  let fake: FakeOpenAiServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    dir = await mkdtemp(join(tmpdir(), 'opsight-retro-llm-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data'), OPSIGHT_MODEL: 'scripted-model', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test' };
    expect(await runCli(['ingest', 'examples/demo-incident'], captureIo().io, { OPSIGHT_DATA_DIR: env.OPSIGHT_DATA_DIR })).toBe(0);
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds the narrative under the title with the model named, using the retrospective prompt', async () => {
    fake.script({ content: answer('At 14:58 the Stripe key of payments was rotated [change:d-6490]; checkout failed within two minutes.') });
    const out = captureIo();
    expect(await runCli(['retro', '--incident', 'INC-2041'], out.io, env)).toBe(0);
    expect(out.out()).toContain('## Narrative (written by scripted-model; every figure below is from the analysis)');
    expect(out.out()).toContain('the Stripe key of payments was rotated [change:d-6490]');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.messages[1]!.content).toContain('postmortem');
  });

  it('keeps the deterministic draft when the model fails', async () => {
    fake.script({ status: 500, body: { error: { message: 'down' } } }, { status: 500, body: { error: { message: 'down' } } }, { status: 500, body: { error: { message: 'down' } } });
    const out = captureIo();
    expect(await runCli(['retro', '--incident', 'INC-2041'], out.io, env)).toBe(0);
    expect(out.out()).not.toContain('## Narrative');
    expect(out.out()).toContain('INC-2041');
  });
});
