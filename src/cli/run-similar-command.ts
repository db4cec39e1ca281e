import { stat } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { reportEmbedderFromConfig } from '../embeddings/configured-report-embedder.ts';
import { findSimilarIncidents, getIncidentEmbedding, type SimilarIncident } from '../store/incident-embeddings.ts';
import { analyzeBundleDir } from './analyze-bundle-dir.ts';
import type { CliIo } from './cli-io.ts';
import { withConfiguredStore } from './with-configured-store.ts';

/** What `opsight similar` prints, as JSON with `--format json`. */
export interface SimilarOutput {
  incidentId: string;
  embedder: string;
  similar: SimilarIncident[];
}

/**
 * `opsight similar <incident-id | bundle-dir>`: the stored incidents most like one incident. An id
 * uses the incident's stored embedding; a bundle directory is analyzed and embedded without being
 * stored. The incident itself is never listed. Returns the exit code: 2 when the store, the bundle
 * or the incident is unusable.
 */
export async function runSimilarCommand(
  target: string,
  options: { format: 'text' | 'json'; limit: number },
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return withConfiguredStore(io, env, async (db) => {
    const embedder = reportEmbedderFromConfig(loadConfig(env));
    let incidentId: string;
    let embedding: number[] | undefined;
    if (await isDirectory(target)) {
      const report = await analyzeBundleDir(target);
      incidentId = report.incidentId;
      embedding = await embedder.embed(report);
    } else {
      incidentId = target;
      embedding = await getIncidentEmbedding(db, target, embedder.name);
      if (!embedding) {
        io.stderr.write(
          `opsight: no incident "${target}" with a ${embedder.name} embedding in the store (${db.driver}): ` +
            'ingest its bundle with `opsight ingest <bundle-dir>` first, or pass the bundle directory instead of the id\n',
        );
        return 2;
      }
    }
    const similar = await findSimilarIncidents(db, embedding, embedder.name, { limit: options.limit, excludeIncidentId: incidentId });
    const output: SimilarOutput = { incidentId, embedder: embedder.name, similar };
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(output)}\n` : renderSimilarText(output));
    return 0;
  });
}

/** One block per similar incident: similarity, id and title, then its root cause and first proposed fix. */
export function renderSimilarText(output: SimilarOutput): string {
  if (output.similar.length === 0) return `No stored incidents to compare ${output.incidentId} with (ingest some first).\n`;
  const lines = [`Incidents similar to ${output.incidentId} (${output.embedder}, cosine similarity):`];
  for (const s of output.similar) {
    lines.push(`  ${s.similarity.toFixed(2)}  ${s.incidentId}  ${s.title}`);
    const cause = s.rootCause ? `${s.rootCause.kind} in ${s.rootCause.service}` : 'none named';
    const fix = s.proposedCommand
      ? [s.proposedCommand.command, ...Object.entries(s.proposedCommand.args).map(([k, v]) => `${k}=${v}`)].join(' ')
      : 'none proposed';
    lines.push(`        root cause: ${cause}; proposed fix: ${fix}`);
  }
  return `${lines.join('\n')}\n`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
