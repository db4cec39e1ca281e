import { loadConfig } from '../config.ts';
import { reportEmbedderFromConfig } from '../embeddings/configured-report-embedder.ts';
import { storeBundleAnalysis } from '../jobs/store-bundle-analysis.ts';
import type { CliIo } from './cli-io.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { reportUserError } from './report-user-error.ts';

/**
 * `opsight migrate` and `opsight ingest <bundle>...`: opens the store (`DATABASE_URL`, else PGlite in
 * `OPSIGHT_DATA_DIR`), applies pending migrations, and for `ingest` analyzes each bundle and stores
 * its incident and report. Returns the exit code: 2 when the store or a bundle is unusable.
 */
export async function runStoreCommand(
  command: 'migrate' | 'ingest',
  bundleDirs: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (command === 'ingest' && bundleDirs.length === 0) {
    io.stderr.write('opsight: ingest needs at least one bundle directory\n');
    return 2;
  }
  if (command === 'migrate' && bundleDirs.length > 0) {
    io.stderr.write(`opsight: migrate takes no arguments, got "${bundleDirs.join(' ')}"\n`);
    return 2;
  }
  return withConfiguredStore(io, env, async (db, applied) => {
    const embedder = reportEmbedderFromConfig(loadConfig(env));
    const migrated = applied.length ? `applied ${applied.join(', ')}` : 'schema up to date';
    if (command === 'migrate') {
      io.stdout.write(`${migrated} (${db.driver})\n`);
      return 0;
    }
    io.stderr.write(`${migrated} (${db.driver})\n`);
    let failures = 0;
    for (const [i, dir] of bundleDirs.entries()) {
      io.stderr.write(`[${i + 1}/${bundleDirs.length}] ingesting ${dir}\n`);
      try {
        const { report, reportId } = await storeBundleAnalysis(db, dir, embedder);
        io.stdout.write(`stored ${report.incidentId}: report ${reportId}, ${report.signals.length} signals (${dir})\n`);
      } catch (error) {
        reportUserError(io, error);
        failures++;
      }
    }
    return failures ? 2 : 0;
  });
}
