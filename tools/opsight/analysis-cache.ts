import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { analyzeIncident } from '../../src/analysis/analyze-incident.ts';
import type { Report, Topology } from '../../src/domain/index.ts';
import { listBundleFiles, readBundle, type BundleFileList } from '../../src/ingest/index.ts';
import { buildReport } from '../../src/report/build-report.ts';

/** The analysis of one bundle directory, as the opsight tools use it. */
export interface AnalyzedBundle {
  /** Absolute path of the bundle directory. */
  dir: string;
  report: Report;
  topology?: Topology;
}

interface Entry {
  signature: string;
  analyzed: Promise<AnalyzedBundle>;
}

/**
 * Analyses of bundle directories, kept until a file of the bundle changes: every call lists the bundle's
 * files and compares their count, sizes and latest modification time with those of the cached analysis.
 * Concurrent calls for the same bundle share one analysis; a failed analysis is not kept. Holds the
 * `maxEntries` most recently used bundles (a long-running server may be asked about many).
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 16) {}

  async get(bundleDir: string): Promise<AnalyzedBundle> {
    const dir = resolve(bundleDir);
    const signature = await bundleSignature(dir);
    const cached = this.entries.get(dir);
    this.entries.delete(dir); // re-inserted below: Map order is the recency order
    if (cached?.signature === signature) {
      this.entries.set(dir, cached);
      return cached.analyzed;
    }
    const analyzed = analyze(dir);
    const entry = { signature, analyzed };
    this.entries.set(dir, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    analyzed.catch(() => { if (this.entries.get(dir) === entry) this.entries.delete(dir); });
    return analyzed;
  }
}

async function analyze(dir: string): Promise<AnalyzedBundle> {
  const bundle = await readBundle(dir);
  return { dir, report: buildReport(bundle, analyzeIncident(bundle)), topology: bundle.topology };
}

/** `files:bytes:latest mtime` of every file the bundle reader would read (throws a UserError for a missing dir). */
async function bundleSignature(dir: string): Promise<string> {
  const files = bundleFilePaths(await listBundleFiles(dir));
  const stats = await Promise.all(files.map((f) => stat(join(dir, f)).catch(() => undefined)));
  let bytes = 0;
  let latest = 0;
  for (const s of stats) {
    if (!s) continue;
    bytes += s.size;
    latest = Math.max(latest, s.mtimeMs);
  }
  return `${files.length}:${bytes}:${latest}`;
}

function bundleFilePaths(list: BundleFileList): string[] {
  const files = [
    ...(list.hasIncident ? ['incident.json'] : []),
    ...(list.slack.users ? [list.slack.users] : []),
    ...(list.slack.channels ? [list.slack.channels] : []),
    ...list.slack.days.map((d) => d.file),
    ...list.alertmanager,
    ...list.pagerduty,
    ...list.metrics,
    ...list.logs,
    ...(list.changes ? [list.changes] : []),
    ...(list.topology ? [list.topology] : []),
  ];
  return files;
}
