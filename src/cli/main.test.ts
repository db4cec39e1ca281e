import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../domain/index.ts';
import { runCli } from './main.ts';
import { captureIo as capture } from './testing/capture-io.ts';

const FULL = 'test/fixtures/ingest/full';
const ONLY_INCIDENT = 'test/fixtures/ingest/only-incident';

describe('opsight CLI', () => {
  it('prints one JSON report per line for several bundles, each valid per the report contract', async () => {
    const c = capture();
    const code = await runCli(['analyze', FULL, ONLY_INCIDENT, '--format', 'json'], c.io);
    expect(code).toBe(0);
    const lines = c.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(ReportSchema.safeParse(JSON.parse(line)).success).toBe(true);
    expect(JSON.parse(lines[1]!).missingSources).toEqual(['slack', 'alerts', 'metrics', 'logs', 'changes', 'topology']);
    expect(c.err()).toContain('[2/2] analyzing');
  });

  it('renders text and markdown views', async () => {
    const text = capture();
    expect(await runCli(['analyze', FULL, '--format', 'text'], text.io)).toBe(0);
    expect(text.out()).toContain('Root-cause candidates');
    expect(text.out()).toContain('Proposed commands (nothing runs without a human approval)');
    const md = capture();
    expect(await runCli(['analyze', FULL, '--format', 'markdown'], md.io)).toBe(0);
    expect(md.out()).toMatch(/^# .+\n/);
    expect(md.out()).toContain('| Milestone | Time (UTC) |');
  });

  it('exits 2 with a clear message naming the file and field for a malformed bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsight-bad-'));
    writeFileSync(join(dir, 'incident.json'), JSON.stringify({ id: 'X', title: 'bad', severity: 'sev9', openedAt: '2026-01-01T00:00:00Z' }));
    try {
      const c = capture();
      expect(await runCli(['analyze', dir], c.io)).toBe(2);
      expect(c.err()).toMatch(/incident\.json.*severity/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['analyze'], /at least one bundle/],
    [['frobnicate'], /unknown command/],
    [['analyze', FULL, '--format', 'yaml'], /--format must be one of/],
    [['analyze', '/nonexistent/bundle'], /nonexistent/],
  ])('exits 2 on %j', async (args, message) => {
    const c = capture();
    expect(await runCli(args, c.io)).toBe(2);
    expect(c.err()).toMatch(message);
  });
});
