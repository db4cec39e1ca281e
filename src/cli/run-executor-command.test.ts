import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { captureIo } from './testing/capture-io.ts';

describe('opsight executor pause / resume / status', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-executor-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data'), USER: 'alice' };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('flips the kill switch, says who did it, and audits it', async () => {
    const initial = captureIo();
    expect(await runCli(['executor', 'status'], initial.io, env)).toBe(0);
    expect(initial.out()).toBe('running: approved commands execute\n');
    const pause = captureIo();
    expect(await runCli(['executor', 'pause', '--reason', 'change freeze'], pause.io, env)).toBe(0);
    expect(pause.out()).toMatch(/^paused: execution is paused by cli:alice since \S+ \(change freeze\)/);
    const status = captureIo();
    expect(await runCli(['executor', 'status'], status.io, env)).toBe(0);
    expect(status.out()).toMatch(/^paused: /);
    const resume = captureIo();
    expect(await runCli(['executor', 'resume'], resume.io, env)).toBe(0);
    expect(resume.out()).toBe('running: approved commands execute (resumed by cli:alice)\n');
    const audit = captureIo();
    expect(await runCli(['audit', 'export'], audit.io, env)).toBe(0);
    expect(audit.out().trimEnd().split('\n').map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['executor.paused', 'executor.resumed']);
  });

  it.each([[['executor']], [['executor', 'stop']], [['executor', 'resume', '--reason', 'x']]])('rejects bad usage %j', async (argv) => {
    const c = captureIo();
    expect(await runCli(argv, c.io, env)).toBe(2);
    expect(c.err()).toMatch(/^opsight executor: expected pause/);
  });
});
