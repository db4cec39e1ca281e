import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countTokens } from '../../src/agent/count-tokens.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.ts';

let fake: FakeOpenAiServer;
let configFile: string;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
  const dir = await mkdtemp(join(tmpdir(), 'opsight-agent-cli-'));
  configFile = join(dir, 'opsight.yaml');
  await writeFile(configFile, 'agent:\n  maxRetries: 0\n  requestTimeoutMs: 5000\n');
  countTokens('warm up'); // the tokenizer's table takes seconds to load on a busy machine: once, here
}, 60_000);
afterAll(async () => { await fake.close(); });
beforeEach(() => { fake.requests.length = 0; });

const env = () => ({ OPSIGHT_MODEL: 'fake-gpt', OPENAI_BASE_URL: fake.url, OPSIGHT_CONFIG: configFile });
const summary = 'Card checkout failed because the Stripe key rotation in payments [change:d-6490] left a bad key.';

describe('opsight analyze / demo with a model', { timeout: 30_000 }, () => {
  it('lets the configured model write the summary and says which model wrote it', async () => {
    fake.script({ content: JSON.stringify({ summary, answer: null, citedSignalIds: ['change:d-6490'], proposedCommandIds: [] }) });
    const json = captureIo();
    expect(await runCli(['demo', '--format', 'json'], json.io, env())).toBe(0);
    const report = JSON.parse(json.out()) as { summary: string; generatedBy: string; rootCauses: Array<{ confidence: number }> };
    expect(report).toMatchObject({ summary, generatedBy: 'fake-gpt' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.model).toBe('fake-gpt');
    expect(json.err()).toBe('');

    fake.script({ content: JSON.stringify({ summary, answer: null, citedSignalIds: [], proposedCommandIds: [] }) });
    const text = captureIo();
    expect(await runCli(['demo'], text.io, env())).toBe(0);
    expect(text.out()).toContain(summary);
    expect(text.out()).toContain('Written by: fake-gpt');
  });

  it('--offline skips the model', async () => {
    const c = captureIo();
    expect(await runCli(['demo', '--format', 'json', '--offline'], c.io, env())).toBe(0);
    expect(JSON.parse(c.out())).toMatchObject({ generatedBy: 'deterministic' });
    expect(fake.requests).toHaveLength(0);
  });

  it('falls back to the deterministic report with one line on stderr when the model fails', async () => {
    fake.script({ status: 500 });
    const c = captureIo();
    expect(await runCli(['demo', '--format', 'json'], c.io, env())).toBe(0);
    expect(JSON.parse(c.out())).toMatchObject({ generatedBy: 'deterministic' });
    expect(c.err()).toMatch(/^opsight: ran offline: model fake-gpt failed \(server 500\).*deterministic analysis\n$/);
  });

  it('without a model the report says the deterministic analysis wrote it', async () => {
    const c = captureIo();
    expect(await runCli(['demo', '--no-color'], c.io, {})).toBe(0);
    expect(c.out()).toContain('Written by: the deterministic analysis (no LLM)');
    expect(c.err()).toBe('');
  });

  it('rejects an invalid agent section naming the field', async () => {
    const bad = join(configFile, '..', 'bad.yaml');
    await writeFile(bad, 'agent:\n  maxSteps: lots\n');
    const c = captureIo();
    expect(await runCli(['demo'], c.io, { ...env(), OPSIGHT_CONFIG: bad })).toBe(2);
    expect(c.err()).toMatch(/bad\.yaml: agent\.maxSteps: /);
  });
});
