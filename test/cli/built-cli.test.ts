import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshBuild, STAMP_FILE, type BuildStamp } from '../../bin/fresh-build.js';
import { runCli } from '../../src/cli/main.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/opsight.js');

/** The environment of a spawned CLI: no model, and OPSIGHT_NO_BUILD unset (dist/ when fresh, else tsx). */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPSIGHT_MODEL: '' };
  delete env.OPSIGHT_NO_BUILD;
  return env;
}

async function demoReportFromSource(): Promise<unknown> {
  let out = '';
  expect(await runCli(['demo', '--format', 'json'], { stdout: { write: (s: string) => (out += s) }, stderr: process.stderr }, {})).toBe(0);
  return JSON.parse(out);
}

it('`node bin/opsight.js analyze <bundle> --format json` prints the report, whichever way it starts', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'opsight-bin-'));
  try {
    const { stdout } = await run(process.execPath, [BIN, 'analyze', join(ROOT, 'examples/demo-incident'), '--format', 'json'], { cwd, env: cliEnv() });
    const report = JSON.parse(stdout) as { rootCauses: Array<{ service: string; changeId?: string }> };
    expect(report.rootCauses[0]).toMatchObject({ service: 'payments', changeId: 'd-6490' });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

// The bundle is written three levels below the root (as deep as src/cli/, one deeper than dist/), so a
// path taken relative to a module's own file instead of through src/repo-root.ts would point elsewhere.
describe('the bundle built by bin/build.js', () => {
  let outdir: string;
  let stamp: BuildStamp;

  beforeAll(async () => {
    const cache = join(ROOT, 'node_modules/.cache');
    mkdirSync(cache, { recursive: true });
    outdir = join(mkdtempSync(join(cache, 'opsight-build-test-')), 'out');
    const { stderr } = await run(process.execPath, [join(ROOT, 'bin/build.js'), '--outdir', outdir]);
    expect(stderr).toMatch(/^opsight: built .*out\/ \(\d+ files\)/);
    stamp = JSON.parse(readFileSync(join(outdir, STAMP_FILE), 'utf8')) as BuildStamp;
  }, 60_000);
  afterAll(() => rmSync(join(outdir, '..'), { recursive: true, force: true }));

  it('has a stamp naming every source it was made from (src/ and tools/) and every file it wrote', () => {
    expect(stamp.entry).toBe('main.js');
    expect(Object.keys(stamp.inputs)).toEqual(expect.arrayContaining([
      'src/cli/main.ts', 'src/repo-root.ts', 'tools/shared/serve-mcp-server.ts', 'package.json', 'tsconfig.json', 'bin/build.js',
    ]));
    expect(Object.keys(stamp.outputs).sort()).toEqual(readdirSync(outdir).filter((f) => f !== STAMP_FILE).sort());
    expect(Object.keys(stamp.outputs).some((f) => /^run-serve-command-[A-Z0-9]{8}\.js$/.test(f))).toBe(true);
  });

  it('finds the repository only through src/repo-root.ts', () => {
    const users = readdirSync(outdir).filter((f) => f.endsWith('.js') && readFileSync(join(outdir, f), 'utf8').includes('import.meta.url'));
    // More than one means a module resolves a path against its own location, which moves in dist/: use repoPath().
    expect(users).toHaveLength(1);
    expect(readFileSync(join(outdir, users[0]!), 'utf8')).toContain('no package.json named "opsight" above');
  });

  it('runs `demo` like the sources do, without loading Slack Bolt', async () => {
    const script = `
      import { createRequire } from 'node:module';
      const { runCli } = await import(process.env.ENTRY);
      let out = '';
      const code = await runCli(['demo', '--format', 'json'], { stdout: { write: (s) => (out += s) }, stderr: process.stderr }, {});
      const bolt = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@slack/bolt'));
      process.stdout.write(JSON.stringify({ code, bolt, report: JSON.parse(out) }));`;
    const cwd = mkdtempSync(join(tmpdir(), 'opsight-bundle-'));
    try {
      const entry = join(outdir, 'main.js');
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { ...process.env, ENTRY: entry } });
      const result = JSON.parse(stdout) as { code: number; bolt: boolean; report: unknown };
      expect(result.code).toBe(0);
      expect(result.bolt).toBe(false);
      expect(result.report).toEqual(await demoReportFromSource());
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('is what freshBuild picks while its sources are unchanged', () => {
    // (Another process editing a source at this moment would make it stale, rightly.)
    expect(freshBuild(ROOT, outdir)).toBe(join(outdir, 'main.js'));
  });
});
