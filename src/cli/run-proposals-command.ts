import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { readConfigFile } from '../config-file.ts';
import { UserError } from '../domain/errors.ts';
import { describeApprovers } from '../executor/evaluate-policy.ts';
import { formatProposalDetail, formatProposalLine } from '../executor/format-proposal.ts';
import { loadExecutorConfig } from '../executor/load-executor-config.ts';
import { listProposalRecords, type ProposalStatus, readProposal } from '../executor/proposal-records.ts';
import type { CliCommand } from './command-registry.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { reportUserError } from './report-user-error.ts';
import { reportUsageError } from './report-usage-error.ts';

const STATUSES: ProposalStatus[] = ['proposed', 'approved', 'running', 'succeeded', 'failed', 'rejected', 'expired', 'unknown'];

/** `opsight proposals list|show`: the proposals, approvals and executions the Slack buttons act on. */
export const proposalsCommand: CliCommand = {
  usage:
    'opsight proposals list [--status <status>] [--incident <id>] [--format text|json]   proposed commands and their state\n' +
    'opsight proposals show <id> [--format text|json]                                    one proposal: approvals, dry run, output',
  async run(args, io, env) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { status: { type: 'string' }, incident: { type: 'string' }, format: { type: 'string', default: 'text' } },
      });
    } catch (error) {
      return reportUsageError(io, 'opsight proposals', (error as Error).message, this.usage);
    }
    const [sub, id, ...extra] = parsed.positionals;
    const { status, incident, format } = parsed.values;
    const usageError = (why: string) => reportUsageError(io, 'opsight proposals', why, this.usage);
    if (format !== 'text' && format !== 'json') return usageError(`--format must be text or json, got ${format}`);
    if (status !== undefined && !STATUSES.includes(status as ProposalStatus)) return usageError(`--status must be one of ${STATUSES.join(', ')}`);
    if (sub === 'list' ? id !== undefined : sub === 'show' ? id === undefined || extra.length > 0 : true) {
      return usageError(sub === 'show' ? 'show takes exactly one proposal id' : 'expected list or show');
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
