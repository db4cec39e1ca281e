import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '@slack/bolt';
import { z } from 'zod';
import { OpsightError } from '../domain/errors.ts';
import { SlackWorkSchema, type SlackWork } from '../jobs/job-queue.ts';
import { claimJournalLock, releaseJournalLock } from './journal-lock.ts';

const IdSchema = z.string().min(1);

/** One line of the journal. */
export const IntakeRecordSchema = z.discriminatedUnion('type', [
  /** Written before the ack: everything needed to answer the request. */
  z.object({
    type: z.literal('request'),
    id: IdSchema,
    receivedAtMs: z.number(),
    work: SlackWorkSchema,
    /** Starts that already replayed it (folded in when the file is compacted). */
    replays: z.number().int().min(0).default(0),
  }),
  /** "looking…" was posted for it: a replay updates that message instead of posting another. */
  z.object({ type: z.literal('placeholder'), id: IdSchema, ts: z.string().min(1) }),
  /** A start replayed it. */
  z.object({ type: z.literal('replay'), id: IdSchema }),
  /** Handed on: on the durable job queue, or answered in process. */
  z.object({ type: z.literal('done'), id: IdSchema }),
]);
type IntakeRecord = z.input<typeof IntakeRecordSchema>;

/** A request acknowledged to Slack whose answer has not been handed on yet. */
export interface IntakeEntry {
  id: string;
  receivedAtMs: number;
  work: SlackWork;
  placeholderTs?: string;
  replays: number;
}

/** The journal file cannot be read or written. */
export class IntakeJournalError extends OpsightError {
  constructor(path: string, reason: string) {
    super('INTAKE_JOURNAL_UNAVAILABLE', `cannot use the Slack intake journal ${path}: ${reason}. Make its directory writable or point OPSIGHT_INTAKE_JOURNAL at a writable file.`);
  }
}

const DEFAULT_COMPACT_AT_BYTES = 1024 * 1024;

/**
 * Append-only JSON-lines file of the Slack requests acknowledged but not yet handed on, so that a crash
 * between the ack and the job insert loses none: `record` runs before the ack, `markDone` once the work is
 * on the durable job queue (or answered in process), and the next start replays what is left
 * (`unfinished`). Writes are synchronous and not fsynced: a process that dies (kill -9, OOM) cannot lose
 * what the kernel already holds in its page cache; only a machine crash could, and that is not covered.
 * One journal per serve process, held with `<path>.lock` (a second process gets an error). Rewritten with only the unfinished entries at open and whenever
 * `compactAtBytes` were appended since.
 */
export class IntakeJournal {
  private fd: number;
  private appendedBytes = 0;
  private readonly pending = new Map<string, IntakeEntry>();
  /** Entries an earlier run left unfinished, oldest first, as found at open. */
  readonly unfinished: readonly IntakeEntry[];

  private constructor(
    readonly path: string,
    entries: IntakeEntry[],
    private readonly logger: Logger,
    private readonly compactAtBytes: number,
  ) {
    for (const entry of entries) this.pending.set(entry.id, entry);
    this.unfinished = entries.map((entry) => ({ ...entry }));
    this.fd = this.rewrite();
  }

  /**
   * Reads `path` (missing → empty), skipping with a warning every line that is not a record (a crash
   * mid-write leaves at most the last one so), and compacts it.
   * @throws IntakeJournalError when the file cannot be read or written.
   */
  static open(path: string, options: { logger: Logger; compactAtBytes?: number }): IntakeJournal {
    try {
      mkdirSync(dirname(path), { recursive: true });
      const inUse = claimJournalLock(lockPathOf(path));
      if (inUse) throw new IntakeJournalError(path, inUse);
      try {
        return new IntakeJournal(path, unfinishedIn(readLines(path), path, options.logger), options.logger, options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES);
      } catch (error) {
        releaseJournalLock(lockPathOf(path));
        throw error;
      }
    } catch (error) {
      if (error instanceof IntakeJournalError) throw error;
      throw new IntakeJournalError(path, (error as Error).message);
    }
  }

  /** Appends a request before its ack; returns its journal id. */
  record(work: SlackWork, receivedAtMs = Date.now()): string {
    const entry: IntakeEntry = { id: randomUUID(), receivedAtMs, work, replays: 0 };
    this.append({ type: 'request', id: entry.id, receivedAtMs, work });
    this.pending.set(entry.id, entry);
    return entry.id;
  }

  notePlaceholder(id: string, ts: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    entry.placeholderTs = ts;
    this.append({ type: 'placeholder', id, ts });
  }

  noteReplay(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    entry.replays++;
    this.append({ type: 'replay', id });
  }

  markDone(id: string): void {
    if (!this.pending.delete(id)) return;
    this.append({ type: 'done', id });
    if (this.appendedBytes >= this.compactAtBytes) this.compact();
  }

  close(): void {
    closeSync(this.fd);
    releaseJournalLock(lockPathOf(this.path));
  }

  private append(record: IntakeRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    writeSync(this.fd, line);
    this.appendedBytes += Buffer.byteLength(line);
  }

  private compact(): void {
    try {
      const fd = this.rewrite();
      closeSync(this.fd);
      this.fd = fd;
    } catch (error) {
      // The file only grows until the next attempt; appends still work.
      this.logger.warn(`could not compact the Slack intake journal ${this.path}`, error);
    }
  }

  /** Writes the pending entries to a temporary file, renames it over the journal and opens it for appending. */
  private rewrite(): number {
    const lines = [...this.pending.values()].map((entry) => {
      const request: IntakeRecord = { type: 'request', id: entry.id, receivedAtMs: entry.receivedAtMs, work: entry.work, replays: entry.replays };
      const placeholder: IntakeRecord[] = entry.placeholderTs ? [{ type: 'placeholder', id: entry.id, ts: entry.placeholderTs }] : [];
      return [request, ...placeholder].map((record) => `${JSON.stringify(record)}\n`).join('');
    });
    const temporary = `${this.path}.tmp`;
    // A crash before the rename leaves the old journal in place.
    writeFileSync(temporary, lines.join(''), { mode: 0o600 });
    renameSync(temporary, this.path);
    this.appendedBytes = 0;
    return openSync(this.path, 'a', 0o600);
  }
}

function lockPathOf(journalPath: string): string {
  return `${journalPath}.lock`;
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function unfinishedIn(lines: string[], path: string, logger: Logger): IntakeEntry[] {
  const entries = new Map<string, IntakeEntry>();
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const record = parseRecord(line);
    if (!record.ok) {
      logger.warn(`${path}:${index + 1}: skipped a line that is not an intake record (${record.error}); a crash while writing leaves the last line so`);
      return;
    }
    const r = record.value;
    if (r.type === 'request') entries.set(r.id, { id: r.id, receivedAtMs: r.receivedAtMs, work: r.work, replays: r.replays });
    const entry = entries.get(r.id);
    if (!entry) return;
    if (r.type === 'placeholder') entry.placeholderTs = r.ts;
    else if (r.type === 'replay') entry.replays++;
    else if (r.type === 'done') entries.delete(r.id);
  });
  return [...entries.values()].sort((a, b) => a.receivedAtMs - b.receivedAtMs);
}

function parseRecord(line: string): { ok: true; value: z.infer<typeof IntakeRecordSchema> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const parsed = IntakeRecordSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}` };
}
