import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureChild } from './measure-child.ts';

describe('measureChild', () => {
  it('reports the peak RSS of the child, which grows with what it allocates', async () => {
    const small = await measureChild(['-e', 'process.exit(0)'], { cwd: tmpdir() });
    const big = await measureChild(['-e', 'const b = Buffer.alloc(120e6, 1); process.exit(b[0] - 1)'], { cwd: tmpdir() });
    expect(small.exitCode).toBe(0);
    expect(big.exitCode).toBe(0);
    expect(small.maxRssKb).toBeGreaterThan(10_000);
    // 120 MB touched → the high-water mark is at least that much above a bare Node.
    expect(big.maxRssKb! - small.maxRssKb!).toBeGreaterThan(100_000);
    expect(big.wallMs).toBeGreaterThan(0);
  });

  it('keeps the exit code and stderr of a failing child, and can capture stdout to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsight-measure-'));
    try {
      const out = join(dir, 'out.txt');
      const m = await measureChild(['-e', 'console.log("hello"); console.error("boom"); process.exitCode = 3'], { cwd: dir, stdoutFile: out });
      expect(m.exitCode).toBe(3);
      expect(m.stderrTail).toContain('boom');
      expect(await readFile(out, 'utf8')).toBe('hello\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
