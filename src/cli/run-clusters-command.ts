import { parseLookback } from '../retro/parse-lookback.ts';
import type { SignalCluster } from '../store/group-signal-clusters.ts';
import { findSignalClusters } from '../store/signal-clusters.ts';
import type { CliCommand } from './command-registry.ts';
import type { CliIo } from './cli-io.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { reportUsageError } from './report-usage-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = 'opsight clusters [--since 90d] [--format text|json] [--min-incidents N] [--limit N]   recurring signal clusters across stored incidents';

/** What `opsight clusters --format json` prints. */
export interface ClustersOutput {
  /** Start of the window (RFC 3339); absent with `--since all`. */
  since?: string;
  clusters: SignalCluster[];
}

/** `opsight clusters`: recurring signal clusters (same service/kind/shape in ≥ 2 incidents) of the stored incidents. */
export const clustersCommand: CliCommand = {
  usage: USAGE,
  async run(args, io, env) {
    const parsed = parseCommandArgs({
      args,
      options: {
        since: { type: 'string', default: '90d' },
        format: { type: 'string', short: 'f' },
        'min-incidents': { type: 'string', default: '2' },
        limit: { type: 'string', default: '20' },
      },
    }, (why) => reportUsageError(io, 'opsight', why, `  ${USAGE}`));
    if (parsed === 2) return 2;
    const { values } = parsed;
    const format = values.format ?? (io.stdout.isTTY ? 'text' : 'json');
    const minIncidents = Number(values['min-incidents']);
    const limit = Number(values.limit);
    let sinceMs: number | undefined;
    try {
      sinceMs = values.since === 'all' ? undefined : parseLookback(values.since);
    } catch (error) {
      return reportUsageError(io, 'opsight', (error as Error).message, `  ${USAGE}`);
    }
    const problem =
      format !== 'text' && format !== 'json' ? `--format must be one of text, json, got "${format}"`
      : !Number.isInteger(minIncidents) || minIncidents < 2 ? `--min-incidents must be a whole number ≥ 2, got "${values['min-incidents']}"`
      : !Number.isInteger(limit) || limit < 1 || limit > 1000 ? `--limit must be a whole number from 1 to 1000, got "${values.limit}"`
      : undefined;
    if (problem) return reportUsageError(io, 'opsight', problem, `  ${USAGE}`);
    return runClusters({ ...(sinceMs !== undefined ? { since: new Date(Date.now() - sinceMs) } : {}), minIncidents, limit, format: format as 'text' | 'json' }, io, env);
  },
};

async function runClusters(options: { since?: Date; minIncidents: number; limit: number; format: 'text' | 'json' }, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  return withConfiguredStore(io, env, async (db) => {
    const clusters = await findSignalClusters(db, options);
    const output: ClustersOutput = { ...(options.since ? { since: options.since.toISOString() } : {}), clusters };
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(output)}\n` : renderClustersText(output));
    return 0;
  });
}

/** One block per cluster: incident count, service/kind/source and shape, then when and where it was seen. */
export function renderClustersText(output: ClustersOutput): string {
  const window = output.since ? `since ${output.since.slice(0, 10)}` : 'all stored incidents';
  if (output.clusters.length === 0) return `No recurring signal clusters (${window}): no signal shape appears in two or more stored incidents.\n`;
  const lines = [`Recurring signal clusters (${window}), most widespread first:`];
  for (const c of output.clusters) {
    lines.push(`  ${String(c.incidentCount).padStart(3)} incidents  ${c.service} ${c.kind} ${c.source}: ${c.shape}`);
    lines.push(`        typically ${c.typicalLabel} (mean confidence ${Math.round(c.meanConfidence * 100)}%); first seen ${c.firstSeen.slice(0, 10)}, last seen ${c.lastSeen.slice(0, 10)}`);
    lines.push(`        e.g. ${c.examples.map((e) => `${e.incidentId} (${e.title})`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
