import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStamp, freshBuild, STAMP_FILE } from '../../bin/fresh-build.js';

// A fake package: two sources and package.json, "built" into dist/ with a stamp as bin/build.js writes it.
let root: string;
let dist: string;
const INPUTS = ['src/main.ts', 'tools/a/server.ts', 'package.json'];
const HOUR_AGO = new Date(Date.now() - 3_600_000);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'opsight-fresh-'));
  dist = join(root, 'dist');
  for (const file of INPUTS) write(file, `// ${file}\n`, HOUR_AGO);
  write('dist/main.js', 'export const runCli = async () => 0;\n');
  write('dist/chunk-ABCDEFGH.js', 'export {};\n');
  writeStamp();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string, mtime?: Date): void {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
  if (mtime) utimesSync(join(root, file), mtime, mtime);
}
function writeStamp(): void {
  writeFileSync(join(dist, STAMP_FILE), JSON.stringify(buildStamp(root, dist, INPUTS)));
}

describe('freshBuild', () => {
  it('is the built entry while no input or output has changed', () => {
    expect(freshBuild(root)).toBe(join(dist, 'main.js'));
    expect(freshBuild(root, dist)).toBe(join(dist, 'main.js'));
  });

  it('is undefined when a source was edited after the build (newer mtime)', () => {
    write('src/main.ts', '// edited\n');
    expect(freshBuild(root)).toBeUndefined();
  });

  it('is undefined when a source in tools/ was edited, even to the same size', () => {
    const before = statSync(join(root, 'tools/a/server.ts')).size;
    write('tools/a/server.ts', '// tools/a/SERVER.ts\n');
    expect(statSync(join(root, 'tools/a/server.ts')).size).toBe(before);
    expect(freshBuild(root)).toBeUndefined();
  });

  it('is undefined when a source was replaced by a file with an older mtime (cp -p, tar, rsync -t)', () => {
    write('src/main.ts', '// an older version of main.ts\n', new Date(Date.now() - 86_400_000));
    expect(freshBuild(root)).toBeUndefined();
  });

  it('is undefined when package.json changed', () => {
    write('package.json', '{"name":"opsight","version":"0.2.0"}\n');
    expect(freshBuild(root)).toBeUndefined();
  });

  it('is undefined when an input was deleted', () => {
    rmSync(join(root, 'tools/a/server.ts'));
    expect(freshBuild(root)).toBeUndefined();
  });

  it('is undefined when a built file is missing or truncated', () => {
    rmSync(join(dist, 'chunk-ABCDEFGH.js'));
    expect(freshBuild(root)).toBeUndefined();
    write('dist/chunk-ABCDEFGH.js', 'export {};\n');
    writeStamp();
    expect(freshBuild(root)).toBe(join(dist, 'main.js'));
    write('dist/main.js', '');
    expect(freshBuild(root)).toBeUndefined();
  });

  it('is undefined without dist/, without a stamp, or with a malformed stamp', () => {
    rmSync(join(dist, STAMP_FILE));
    expect(freshBuild(root)).toBeUndefined();
    writeFileSync(join(dist, STAMP_FILE), '{"entry":"main.js"');
    expect(freshBuild(root)).toBeUndefined();
    writeFileSync(join(dist, STAMP_FILE), '{"entry":"main.js"}');
    expect(freshBuild(root)).toBeUndefined();
    rmSync(dist, { recursive: true });
    expect(freshBuild(root)).toBeUndefined();
  });

  it('ignores files that are not inputs of the build', () => {
    write('src/notes.md', 'new file\n');
    write('evals/x.ts', 'new file\n');
    expect(freshBuild(root)).toBe(join(dist, 'main.js'));
  });
});
