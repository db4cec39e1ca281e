import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackWork } from '../jobs/job-queue.ts';
import { IntakeJournal, IntakeJournalError } from './intake-journal.ts';
import { createStderrLogger } from './stderr-logger.ts';

const mention = (eventId: string): SlackWork => ({ kind: 'mention', channelId: 'C1', replyThreadTs: '1.000001', userId: 'U1', eventId });

let dir: string;
let path: string;
let warnings: string[];
const open = (compactAtBytes?: number) => IntakeJournal.open(path, { logger: createStderrLogger(LogLevel.WARN, (line) => void warnings.push(line)), ...(compactAtBytes ? { compactAtBytes } : {}) });
const lines = () => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; id: string });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsight-journal-'));
  path = join(dir, 'nested', 'slack-intake.jsonl');
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('IntakeJournal', () => {
  it('gives the next open what was recorded and not done, with its "looking…" and replay count, oldest first', () => {
    const journal = open();
    const late = journal.record(mention('Ev2'), 2000);
    const early = journal.record(mention('Ev1'), 1000);
    const finished = journal.record(mention('Ev3'), 3000);
    journal.notePlaceholder(late, '1.000042');
    journal.noteReplay(late);
    journal.markDone(finished);
    journal.close();
    const reopened = open();
    expect(reopened.unfinished.map((e) => [e.id, e.work, e.receivedAtMs, e.placeholderTs, e.replays])).toEqual([
      [early, mention('Ev1'), 1000, undefined, 0],
      [late, mention('Ev2'), 2000, '1.000042', 1],
    ]);
    reopened.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('compacts at open, and once compactAtBytes were appended, to the unfinished entries', () => {
    const journal = open(2000);
    const kept = journal.record(mention('EvKEPT'), 1);
    for (let i = 0; i < 20; i++) journal.markDone(journal.record(mention(`Ev${i}`), 2));
    expect(lines().length).toBeLessThan(10);
    expect(lines().filter((l) => l.type === 'request').map((l) => l.id)).toContain(kept);
    journal.close();
    const reopened = open();
    expect(lines()).toEqual([expect.objectContaining({ type: 'request', id: kept })]);
    reopened.markDone(kept);
    reopened.close();
    open().close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('skips lines that are not records with a warning naming the file and line, and keeps reading', () => {
    const journal = open();
    const id = journal.record(mention('Ev1'), 1);
    journal.close();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"type":"done","id":"x"}\nnot json\n{"type":"request","id":"cut","recei`, { flag: 'w' });
    const reopened = open();
    expect(reopened.unfinished.map((e) => e.id)).toEqual([id]);
    expect(warnings.join('')).toContain(`${path}:3: skipped a line that is not an intake record (not JSON)`);
    expect(warnings.join('')).toContain(`${path}:4: skipped a line`);
    // The compaction dropped the broken lines, so the next append starts on a line of its own.
    reopened.record(mention('Ev2'), 2);
    reopened.close();
    expect(open().unfinished).toHaveLength(2);
  });

  it('refuses a journal that a live process holds, and takes over one left by a process that is gone', async () => {
    open().close();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${path}.lock`, `${other.pid}\n`);
      expect(() => open()).toThrow(new RegExp(`in use by process ${other.pid}.*own OPSIGHT_INTAKE_JOURNAL`));
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const journal = open(); // the holder is gone now
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    journal.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('names the file and what to do when it cannot be written', () => {
    writeFileSync(join(dir, 'a-file'), '');
    expect(() => IntakeJournal.open(join(dir, 'a-file', 'journal.jsonl'), { logger: createStderrLogger(LogLevel.ERROR, () => {}) })).toThrow(IntakeJournalError);
    expect(() => IntakeJournal.open(join(dir, 'a-file', 'journal.jsonl'), { logger: createStderrLogger(LogLevel.ERROR, () => {}) })).toThrow(/a-file\/journal\.jsonl.*OPSIGHT_INTAKE_JOURNAL/);
  });
});
