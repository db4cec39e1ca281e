import { exportAuditLog, verifyAuditLog } from '../audit/audit-log.ts';
import type { CliCommand } from './command-registry.ts';
import { parseWholeDurationMs } from './parse-whole-duration.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { reportUsageError } from './report-usage-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

/** `24h`, `30m`, `7d` → now minus that; an RFC 3339 time → itself; anything else → undefined. */
export function parseSince(text: string, nowMs: number): number | undefined {
  const relativeMs = parseWholeDurationMs(text);
  if (relativeMs !== undefined) return nowMs - relativeMs;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `opsight audit verify|export`: check the hash chain; write entries as JSONL for a SIEM. */
export const auditCommand: CliCommand = {
  usage:
    'opsight audit verify                        check the audit log hash chain (exit 1 if an entry was edited or deleted)\n' +
    'opsight audit export [--since 24h|RFC3339]  audit entries as JSON Lines on stdout',
  async run(args, io, env) {
    const parsed = parseCommandArgs({ args, allowPositionals: true, options: { since: { type: 'string' } } }, (why) => reportUsageError(io, 'opsight audit', why, this.usage));
    if (parsed === 2) return 2;
    const [sub, ...extra] = parsed.positionals;
    const usageError = (why: string) => reportUsageError(io, 'opsight audit', why, this.usage);
    if ((sub !== 'verify' && sub !== 'export') || extra.length > 0) return usageError('expected verify or export');
    if (sub === 'verify' && parsed.values.since !== undefined) return usageError('--since only applies to export');
    let sinceMs: number | undefined;
    if (parsed.values.since !== undefined) {
      sinceMs = parseSince(parsed.values.since, Date.now());
      if (sinceMs === undefined) return usageError(`--since must be a duration like 24h, 30m, 7d or an RFC 3339 time, got ${parsed.values.since}`);
    }
    return withConfiguredStore(io, env, async (db) => {
      if (sub === 'export') {
        io.stdout.write(await exportAuditLog(db, sinceMs === undefined ? {} : { sinceMs }));
        return 0;
      }
      const result = await verifyAuditLog(db);
      if (result.ok) {
        io.stdout.write(`audit log intact: ${result.entries} entries, head ${result.headHash ?? '(empty)'}\n`);
        return 0;
      }
      io.stdout.write(`audit log BROKEN at entry ${result.brokenAt.id}: ${result.brokenAt.problem} (${result.entries} entries before it verified)\n`);
      return 1;
    });
  },
};
