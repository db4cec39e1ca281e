import { describePause, getExecutorState, setExecutorPaused } from '../executor/executor-state.ts';
import { markInterruptedRuns } from '../executor/mark-interrupted-runs.ts';
import type { CliCommand } from './command-registry.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { reportUsageError } from './report-usage-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

/** `opsight executor pause|resume|status`: the kill switch for every opsight process sharing the store. */
export const executorCommand: CliCommand = {
  usage:
    'opsight executor pause [--reason <text>]   kill switch: no approved command starts until resumed\n' +
    'opsight executor resume                    allow execution again\n' +
    'opsight executor status                    paused or running, by whom and since when; interrupted runs',
  async run(args, io, env) {
    const parsed = parseCommandArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } }, (why) => reportUsageError(io, 'opsight executor', why, this.usage));
    if (parsed === 2) return 2;
    const [sub, ...extra] = parsed.positionals;
    if (!['pause', 'resume', 'status'].includes(sub ?? '') || extra.length > 0 || (sub !== 'pause' && parsed.values.reason !== undefined)) {
      return reportUsageError(io, 'opsight executor', 'expected pause [--reason <text>], resume or status', this.usage);
    }
    const actor = `cli:${env.USER ?? env.LOGNAME ?? 'unknown'}`;
    return withConfiguredStore(io, env, async (db) => {
      const state =
        sub === 'status'
          ? await getExecutorState(db)
          : await setExecutorPaused(db, sub === 'pause', actor, parsed.values.reason, Date.now());
      io.stdout.write(state.paused ? `paused: ${describePause(state)}\n` : `running: approved commands execute${state.changedBy ? ` (resumed by ${state.changedBy})` : ''}\n`);
      if (sub === 'status') {
        const interrupted = await markInterruptedRuns(db, Date.now());
        const unknown = await db.query<{ id: string }>(`SELECT id FROM proposals WHERE status = 'unknown' ORDER BY updated_at`);
        if (unknown.length > 0) {
          io.stdout.write(`${unknown.length} interrupted run(s) need a human to check the target${interrupted.length ? ` (${interrupted.length} found now)` : ''}: ${unknown.map((u) => u.id).join(', ')}\n`);
        }
      }
      return 0;
    });
  },
};
