import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runHttpAdapter } from './run-http-adapter.ts';
import { buildArgv, runProcessAdapter } from './run-process-adapter.ts';
import { CommandSpecSchema } from './command-spec.ts';

const node = process.execPath;
const options = { dryRun: false, timeoutMs: 5000, maxCaptureBytes: 65_536 };

describe('process adapter', () => {
  it('passes each argument as one argv element, never through a shell', async () => {
    const adapter = { type: 'process' as const, argv: [node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', 'deployment/{service}', '{note}'], env: ['PATH'] };
    const args = { service: 'api', note: '$(touch /tmp/pwned) && echo hi; `id` > /dev/null' };
    expect(buildArgv(adapter, args, false)).toEqual([node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', 'deployment/api', args.note]);
    const result = await runProcessAdapter(adapter, args, { ...options, env: { PATH: process.env.PATH } });
    expect(result).toMatchObject({ ok: true, code: 0 });
    expect(JSON.parse(result.output)).toEqual(['deployment/api', args.note]);
  });

  it('passes only the allow-listed environment variables', async () => {
    const adapter = { type: 'process' as const, argv: [node, '-e', 'console.log(Object.keys(process.env).filter((k) => k.startsWith("T_")).join(","))'], env: ['T_ALLOWED'] };
    const result = await runProcessAdapter(adapter, {}, { ...options, env: { T_ALLOWED: '1', T_SECRET: 'hunter2' } });
    expect(result.output.trim()).toBe('T_ALLOWED');
  });

  it('reports a missing program and a non-zero exit', async () => {
    expect(await runProcessAdapter({ type: 'process', argv: ['opsight-no-such-program'], env: ['PATH'] }, {}, { ...options, env: { PATH: process.env.PATH } })).toMatchObject({
      ok: false,
      error: 'program "opsight-no-such-program" not found on the allowed PATH',
    });
    const failing = await runProcessAdapter({ type: 'process', argv: [node, '-e', 'console.error("boom"); process.exit(3)'], env: [] }, {}, { ...options, env: {} });
    expect(failing).toMatchObject({ ok: false, code: 3, error: 'exited with code 3' });
    expect(failing.output).toContain('boom');
  });
});

describe('http adapter', () => {
  it('says when the webhook is unreachable', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r)); // now nothing listens there
    const spec = CommandSpecSchema.parse({ name: 'hook', description: 'x', risk: 'low', adapter: { type: 'http', url: `http://127.0.0.1:${port}/hook`, body: {} } });
    if (spec.adapter.type !== 'http') throw new Error('expected http');
    const result = await runHttpAdapter(spec.adapter, spec, {}, { ...options, env: {} });
    expect(result).toMatchObject({ ok: false, code: null });
    expect(result.error).toMatch(/^webhook unreachable \(ECONNREFUSED/);
  });
});
