import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { useFakeModel } from '../support/use-fake-model.ts';

const model = useFakeModel();
const env = model.env;
const summary = 'Card checkout failed because the Stripe key rotation in payments [change:d-6490] left a bad key.';

describe('opsight analyze / demo with a model', { timeout: 30_000 }, () => {
  it('lets the configured model write the summary and says which model wrote it', async () => {
    model.fake().script({ content: JSON.stringify({ summary, answer: null, citedSignalIds: ['change:d-6490'], proposedCommandIds: [] }) });
    const json = captureIo();
    expect(await runCli(['demo', '--format', 'json'], json.io, env())).toBe(0);
    const report = JSON.parse(json.out()) as { summary: string; generatedBy: string; rootCauses: Array<{ confidence: number }> };
    expect(report).toMatchObject({ summary, generatedBy: 'fake-gpt' });
    expect(model.fake().requests).toHaveLength(1);
    expect(model.fake().requests[0]!.model).toBe('fake-gpt');
    expect(json.err()).toBe('');

    model.fake().script({ content: JSON.stringify({ summary, answer: null, citedSignalIds: [], proposedCommandIds: [] }) });
    const text = captureIo();
    expect(await runCli(['demo'], text.io, env())).toBe(0);
    expect(text.out()).toContain(summary);
    expect(text.out()).toContain('Written by: fake-gpt');
  });

  it('--offline skips the model', async () => {
    const c = captureIo();
    expect(await runCli(['demo', '--format', 'json', '--offline'], c.io, env())).toBe(0);
    expect(JSON.parse(c.out())).toMatchObject({ generatedBy: 'deterministic' });
    expect(model.fake().requests).toHaveLength(0);
  });

  it('falls back to the deterministic report with one line on stderr when the model fails', async () => {
    model.fake().script({ status: 500 });
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
    const bad = join(model.configFile(), '..', 'bad.yaml');
    await writeFile(bad, 'agent:\n  maxSteps: lots\n');
    const c = captureIo();
    expect(await runCli(['demo'], c.io, { ...env(), OPSIGHT_CONFIG: bad })).toBe(2);
    expect(c.err()).toMatch(/bad\.yaml: agent\.maxSteps: /);
  });
});
