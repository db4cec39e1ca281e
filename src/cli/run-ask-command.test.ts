import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeModel } from '../../test/support/use-fake-model.ts';
import { DEMO_BUNDLE_DIR, runCli } from './main.ts';
import type { AskResult } from './run-ask-command.ts';
import { captureIo } from './testing/capture-io.ts';

const SECRET = 'sk_live_A1XsNdYgv7karxzaiGdVS5Do';

describe('opsight ask (offline)', () => {
  it('answers "what is the root cause?" from the analysis, naming the demo root cause and its evidence', async () => {
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'what is the root cause?', '--offline'], c.io, {})).toBe(0);
    const out = c.out();
    expect(out).toMatch(/Most likely root cause: credential in payments/);
    expect(out).toMatch(/^Evidence:\n {2}\[change:d-6490\] 2026-03-04 14:58:46 UTC {2}payments · likely-cause/m);
    expect(out).toMatch(/^Answered by: the offline analysis \(--offline\)$/m);
    expect(c.err()).toBe('');
  });

  it('prints one JSON object with --format json', async () => {
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'what is the root cause?', '--offline', '--format', 'json'], c.io, {})).toBe(0);
    const result = JSON.parse(c.out()) as AskResult;
    expect(result).toMatchObject({ question: 'what is the root cause?', source: 'offline' });
    expect(result.answer).toContain('payments');
    expect(result.citations[0]).toMatchObject({ id: 'change:d-6490', startedAt: '2026-03-04T14:58:46Z', service: 'payments', label: 'likely-cause' });
    expect(result).not.toHaveProperty('model');
    expect(result).not.toHaveProperty('fallbackReason');
  });

  it('without OPSIGHT_MODEL answers offline and says so', async () => {
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'who is working on it?'], c.io, {})).toBe(0);
    expect(c.out()).toContain('In the channel: @');
    expect(c.out()).toMatch(/^Answered by: the offline analysis \(no LLM configured: set OPSIGHT_MODEL to use one\)$/m);
  });

  it.each([
    ['an empty question', ['ask', DEMO_BUNDLE_DIR, ''], /"<question>" is empty/],
    ['a blank question', ['ask', DEMO_BUNDLE_DIR, '   '], /"<question>" is empty/],
    ['no question', ['ask', DEMO_BUNDLE_DIR], /missing "<question>"/],
    ['no arguments', ['ask'], /missing <bundle-dir>/],
    ['an unquoted question', ['ask', DEMO_BUNDLE_DIR, 'what', 'broke'], /quote the whole question/],
    ['a bad format', ['ask', DEMO_BUNDLE_DIR, 'why?', '--format', 'markdown'], /--format must be one of text, json, got "markdown"/],
    ['an unknown option', ['ask', DEMO_BUNDLE_DIR, 'why?', '--verbose'], /Unknown option '--verbose'/],
  ])('rejects %s with exit 2 and the usage', async (_name, argv, message) => {
    const c = captureIo();
    expect(await runCli(argv, c.io, {})).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err()).toMatch(/^opsight ask: /);
    expect(c.err()).toContain('Usage: opsight ask <bundle-dir> "<question>"');
    expect(c.out()).toBe('');
  });

  it('rejects a missing bundle directory with exit 2, naming it', async () => {
    const c = captureIo();
    expect(await runCli(['ask', '/nonexistent/bundle', 'why?', '--offline'], c.io, {})).toBe(2);
    expect(c.err()).toBe('opsight ask: <bundle-dir> "/nonexistent/bundle" cannot be read: bundle directory not found: /nonexistent/bundle\n');
  });

  it('rejects a directory that is not a bundle with exit 2, naming it and the missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsight-ask-empty-'));
    const c = captureIo();
    expect(await runCli(['ask', dir, 'why?', '--offline'], c.io, {})).toBe(2);
    expect(c.err()).toContain(`<bundle-dir> "${dir}" cannot be read: incident.json`);
  });

  it('is listed in opsight help', async () => {
    const c = captureIo();
    expect(await runCli(['help'], c.io, {})).toBe(0);
    expect(c.out()).toContain('  opsight ask <bundle-dir> "<question>" [--offline] [--format text|json]');
  });
});

describe('opsight ask with a model', { timeout: 30_000 }, () => {
  const model = useFakeModel();
  const env = model.env;
  const question = `why did card checkout fail after we rotated to ${SECRET}?`;
  const answer = 'The Stripe key rotation in payments [change:d-6490] left an invalid key, so card checkout failed.';

  it('lets the model answer, cites its evidence, names the model, and never sends the planted secret', async () => {
    model.fake().script({ content: JSON.stringify({ summary: 'Card checkout failed after a key rotation.', answer, citedSignalIds: ['change:d-6490', 'log:payments:2'], proposedCommandIds: [] }) });
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, question], c.io, env())).toBe(0);
    const out = c.out();
    expect(out.startsWith(`${answer}\n`)).toBe(true);
    expect(out).toMatch(/^ {2}\[change:d-6490\] 2026-03-04 14:58:46 UTC/m);
    expect(out).toMatch(/^ {2}\[log:payments:2\] 2026-03-04 15:00:35 UTC/m);
    expect(out).toMatch(/^Answered by: the model fake-gpt$/m);
    expect(c.err()).toBe('');

    expect(model.fake().requests).toHaveLength(1);
    const sent = JSON.stringify(model.fake().requests);
    expect(sent).toMatch(/<question>\\nwhy did card checkout fail after we rotated to \[SECRET-\d+\]\?\\n<\/question>/);
    expect(sent).not.toContain(SECRET);
    expect(sent).not.toContain(SECRET.slice('sk_live_'.length)); // no part of it either (the demo's logs have their own masked sk_live_****)
    expect(out).not.toContain(SECRET);
  });

  it('--format json: the model answer with source model and the model name', async () => {
    model.fake().script({ content: JSON.stringify({ summary: 'Key rotation.', answer, citedSignalIds: ['change:d-6490'], proposedCommandIds: [] }) });
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, question, '--format', 'json'], c.io, env())).toBe(0);
    const result = JSON.parse(c.out()) as AskResult;
    expect(result).toMatchObject({ answer, source: 'model', model: 'fake-gpt', citations: [{ id: 'change:d-6490', service: 'payments' }] });
    expect(result).not.toHaveProperty('fallbackReason');
    expect(result.question).not.toContain(SECRET);
    expect(result.question).toMatch(/^why did card checkout fail after we rotated to \[SECRET-\d+\]\?$/);
  });

  it('falls back to the offline answer when the model fails, with the reason', async () => {
    model.fake().script({ status: 500 });
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'what is the root cause?'], c.io, env())).toBe(0);
    const out = c.out();
    expect(model.fake().requests).toHaveLength(1);
    expect(out).toMatch(/Most likely root cause: credential in payments/);
    expect(out).toMatch(/^Answered by: the offline analysis \(the model fake-gpt failed; fell back\)$/m);
    expect(out).toMatch(/^Fallback reason: model fake-gpt failed \(server 500\).*deterministic analysis$/m);

    model.fake().script({ status: 500 });
    const j = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'what is the root cause?', '--format', 'json'], j.io, env())).toBe(0);
    const result = JSON.parse(j.out()) as AskResult;
    expect(result).toMatchObject({ source: 'offline', model: 'fake-gpt' });
    expect(result.fallbackReason).toMatch(/^model fake-gpt failed \(server 500\)/);
    expect(result.answer).toContain('payments');
    expect(j.err()).toMatch(/^opsight: ran offline: model fake-gpt failed \(server 500\).*\n$/);
  });

  it('--offline never calls the model', async () => {
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'what is the root cause?', '--offline'], c.io, env())).toBe(0);
    expect(model.fake().requests).toHaveLength(0);
    expect(c.out()).toMatch(/^Answered by: the offline analysis \(--offline\)$/m);
  });

  it('rejects an invalid agent section naming the field', async () => {
    const bad = join(model.configFile(), '..', 'bad.yaml');
    await writeFile(bad, 'agent:\n  maxSteps: lots\n');
    const c = captureIo();
    expect(await runCli(['ask', DEMO_BUNDLE_DIR, 'why?'], c.io, { ...env(), OPSIGHT_CONFIG: bad })).toBe(2);
    expect(c.err()).toMatch(/bad\.yaml: agent\.maxSteps: /);
  });
});
