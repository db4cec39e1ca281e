import { loadConfig } from '../config.ts';
import { readConfigFile } from '../config-file.ts';
import { UserError } from '../domain/errors.ts';
import { describeApprovers } from '../executor/evaluate-policy.ts';
import { formatProposalDetail, formatProposalLine } from '../executor/format-proposal.ts';
import { loadExecutorConfig } from '../executor/load-executor-config.ts';
import { markInterruptedRuns } from '../executor/mark-interrupted-runs.ts';
import { listProposalRecords, type ProposalStatus, readProposal } from '../executor/proposal-records.ts';
import { RESOLVE_OUTCOMES, type ResolveOutcome, resolveUnknownRun } from '../executor/resolve-unknown-run.ts';
import type { CliCommand } from './command-registry.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { reportUserError } from './report-user-error.ts';
import { reportUsageError } from './report-usage-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const STATUSES: ProposalStatus[] = ['proposed', 'approved', 'running', 'succeeded', 'failed', 'rejected', 'expired', 'unknown'];

/**
 * `opsight proposals list|show|resolve`: the proposals, approvals and executions the Slack buttons act
 * on; `resolve` closes a run a crash left `unknown`, once a human has checked the target.
 */
export const proposalsCommand: CliCommand = {
  usage:
    'opsight proposals list [--status <status>] [--incident <id>] [--format text|json]   proposed commands and their state\n' +
    'opsight proposals show <id> [--format text|json]                                    one proposal: approvals, dry run, output\n' +
    'opsight proposals resolve <id> --outcome succeeded|failed --by <user> --note "<what you checked>"   close a run left unknown by a crash (audited)',
  async run(args, io, env) {
    const parsed = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        status: { type: 'string' },
        incident: { type: 'string' },
        format: { type: 'string', default: 'text' },
        outcome: { type: 'string' },
        by: { type: 'string' },
        note: { type: 'string' },
      },
    }, (why) => reportUsageError(io, 'opsight proposals', why, this.usage));
    if (parsed === 2) return 2;
    const [sub, id, ...extra] = parsed.positionals;
    const { status, incident, format, outcome, by, note } = parsed.values;
    const usageError = (why: string) => reportUsageError(io, 'opsight proposals', why, this.usage);
    if (format !== 'text' && format !== 'json') return usageError(`--format must be text or json, got ${format}`);
    if (status !== undefined && !STATUSES.includes(status as ProposalStatus)) return usageError(`--status must be one of ${STATUSES.join(', ')}`);
    if (sub === 'resolve') {
      if (id === undefined || extra.length > 0) return usageError('resolve takes exactly one proposal id');
      if (status !== undefined || incident !== undefined) return usageError('--status and --incident are for list');
      if (outcome === undefined || !(RESOLVE_OUTCOMES as readonly string[]).includes(outcome)) {
        return usageError(`--outcome must be succeeded or failed${outcome === undefined ? '' : `, got ${outcome}`} (what you found on the target)`);
      }
      if (!by?.trim()) return usageError('--by is required: who checked the target');
      if (!note?.trim()) return usageError('--note is required: what you checked on the target (e.g. "checked deployment revision is v41")');
      return withConfiguredStore(io, env, async (db) => {
        const nowMs = Date.now();
        // A run whose process died but that nobody has marked yet becomes `unknown` here, as on `executor status`.
        await markInterruptedRuns(db, nowMs);
        const resolved = await resolveUnknownRun(db, { proposalId: id, outcome: outcome as ResolveOutcome, by, note, via: `cli:${env.USER ?? env.LOGNAME ?? 'unknown'}`, nowMs });
        io.stdout.write(
          format === 'json'
            ? `${JSON.stringify(resolved)}\n`
            : `${resolved.id}: resolved as ${resolved.status} by ${by.trim()} (was unknown); audited as execution.resolved\n`,
        );
        return 0;
      });
    }
    if (outcome !== undefined || by !== undefined || note !== undefined) return usageError('--outcome, --by and --note are for resolve');
    if (sub === 'list' ? id !== undefined : sub === 'show' ? id === undefined || extra.length > 0 : true) {
      return usageError(sub === 'show' ? 'show takes exactly one proposal id' : 'expected list, show or resolve');
    }
    let executorConfig;
    try {
      executorConfig = loadExecutorConfig(await readConfigFile(loadConfig(env).OPSIGHT_CONFIG));
    } catch (error) {
      reportUserError(io, error);
      return 2;
    }
    return withConfiguredStore(io, env, async (db) => {
      if (sub === 'list') {
        const proposals = await listProposalRecords(db, { ...(status ? { status: status as ProposalStatus } : {}), ...(incident ? { incidentId: incident } : {}) });
        if (format === 'json') io.stdout.write(`${JSON.stringify(proposals)}\n`);
        else io.stdout.write(proposals.length ? `${proposals.map(formatProposalLine).join('\n')}\n` : 'no proposals\n');
        return 0;
      }
      const proposal = await readProposal(db, id!);
      if (!proposal) throw new UserError(`no proposal "${id}"; list them with \`opsight proposals list\``);
      const approvers = describeApprovers(executorConfig.policy, {
        command: proposal.command,
        args: proposal.args,
        readOnly: executorConfig.catalog.get(proposal.command)?.readOnly ?? false,
        proposedBy: proposal.proposedBy,
      });
      io.stdout.write(format === 'json' ? `${JSON.stringify({ ...proposal, approvers })}\n` : formatProposalDetail(proposal, approvers));
      return 0;
    });
  },
};
