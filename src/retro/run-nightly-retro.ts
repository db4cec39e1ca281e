import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_EMBEDDER_NAME } from '../analysis/local-hash-embedder.ts';
import { OpsightError, TopologySchema, UserError, type Topology } from '../domain/index.ts';
import type { Database } from '../store/database.ts';
import { findSimilarIncidents, getIncidentEmbedding } from '../store/incident-embeddings.ts';
import { getLatestReport } from '../store/incident-store.ts';
import { findRetroCandidates, getLatestReportId, hasRetrospective, recordRetrospectivePublication, saveRetrospective } from '../store/retrospective-store.ts';
import { findSignalClusters } from '../store/signal-clusters.ts';
import { withNarrative, type RetroNarrator } from './with-narrative.ts';
import { draftRetrospective } from './draft-retrospective.ts';

/** Hands a draft to wherever retrospectives are posted (Slack: `publishRetrospective`). */
export type RetroPublisher = (post: { incidentId: string; channel: string; title: string; markdown: string }) => Promise<unknown>;

/** Options of {@link runNightlyRetro}. */
export interface RunNightlyRetroOptions {
  /** End of the window (default: now). */
  now?: Date;
  /** Incidents resolved in this many ms before `now` (default 24 h). */
  lookbackMs?: number;
  /** Draft this one incident (resolved or not), again even if its latest report was drafted before. */
  incidentId?: string;
  /** Where drafts go; absent → stored only. */
  publish?: RetroPublisher;
  /** Channel for incidents that have none of their own. */
  defaultChannel?: string;
  /** Adds the model's narrative to each draft when an LLM is configured (`retrospectiveNarrator`). */
  narrate?: RetroNarrator;
}

/** One incident's outcome. */
export interface RetroOutcome {
  incidentId: string;
  status: 'drafted' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  title?: string;
  markdown?: string;
  channel?: string;
  /** `published`, `not published: …` or the publisher's error. */
  publication?: string;
}

const CLUSTER_WINDOW_MS = 365 * 86_400_000;

/**
 * Drafts the retrospective of every incident resolved in the window (or of one incident), from its
 * latest stored report plus similar incidents, recurring clusters and the bundle's topology when
 * still on disk; stores each draft in `retrospectives` (once per report, so a second run the same
 * night drafts nothing new) and hands it to `publish`. One incident's failure (an unusable stored
 * report, a publisher error) is recorded in its outcome and never stops the others.
 */
export async function runNightlyRetro(db: Database, options: RunNightlyRetroOptions = {}): Promise<RetroOutcome[]> {
  const now = options.now ?? new Date();
  const incidents = await findRetroCandidates(
    db,
    options.incidentId ? { incidentId: options.incidentId } : { from: new Date(now.getTime() - (options.lookbackMs ?? 86_400_000)), to: now },
  );
  if (options.incidentId && incidents.length === 0) {
    throw new UserError(`no incident "${options.incidentId}" in the store: ingest its bundle with \`opsight ingest <bundle-dir>\` first`);
  }
  const clusters = incidents.length ? await findSignalClusters(db, { since: new Date(now.getTime() - CLUSTER_WINDOW_MS), limit: 1000 }) : [];

  const outcomes: RetroOutcome[] = [];
  for (const { id, row } of incidents) {
    try {
      outcomes.push(await draftOne(db, id, row, clusters, options));
    } catch (error) {
      if (!(error instanceof OpsightError)) throw error;
      outcomes.push({ incidentId: id, status: 'failed', reason: error.message });
    }
  }
  return outcomes;
}

async function draftOne(
  db: Database,
  incidentId: string,
  row: Record<string, unknown>,
  clusters: Awaited<ReturnType<typeof findSignalClusters>>,
  options: RunNightlyRetroOptions,
): Promise<RetroOutcome> {
  const reportId = await getLatestReportId(db, incidentId);
  const report = await getLatestReport(db, incidentId);
  if (!reportId || !report) return { incidentId, status: 'skipped', reason: 'no stored report (ingest its bundle first)' };
  if (!options.incidentId && (await hasRetrospective(db, incidentId, reportId))) {
    return { incidentId, status: 'skipped', reason: 'already drafted from its latest report' };
  }
  const embedding = await getIncidentEmbedding(db, incidentId, LOCAL_EMBEDDER_NAME);
  const similar = embedding ? await findSimilarIncidents(db, embedding, LOCAL_EMBEDDER_NAME, { limit: 5, excludeIncidentId: incidentId }) : [];
  const topology = await readTopology(typeof row.bundle_path === 'string' ? row.bundle_path : undefined);
  const bundlePath = typeof row.bundle_path === 'string' ? row.bundle_path : undefined;
  const draft = draftRetrospective(report, { similar, clusters, ...(topology ? { topology } : {}) });
  const narrative = await options.narrate?.({ incidentId, ...(bundlePath ? { bundlePath } : {}) });
  const markdown = narrative ? withNarrative(draft, narrative) : draft;
  const title = `${incidentId}: ${report.title}`;
  // The Slack channel of a declared incident (0004), else the bundle's channel, else the configured one.
  const channel = [row.channel_id, row.channel_name, row.source_channel, options.defaultChannel].find((c): c is string => typeof c === 'string' && c.length > 0);

  const storedId = await saveRetrospective(db, { incidentId, reportId, title, markdown, ...(channel ? { channel } : {}) });
  const outcome: RetroOutcome = { incidentId, status: 'drafted', title, markdown, ...(channel ? { channel } : {}) };
  if (!options.publish) return { ...outcome, publication: 'not published: no publisher configured' };
  if (!channel) return { ...outcome, publication: 'not published: the incident has no channel and retro.channel is not set' };
  try {
    await options.publish({ incidentId, channel, title, markdown });
    await recordRetrospectivePublication(db, storedId, {});
    return { ...outcome, publication: 'published' };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    await recordRetrospectivePublication(db, storedId, { error: message });
    return { ...outcome, publication: `publishing failed: ${message}` };
  }
}

/** The bundle's topology when its directory is still there and valid; otherwise none (owners unassigned). */
async function readTopology(bundlePath: string | undefined): Promise<Topology | undefined> {
  if (!bundlePath) return undefined;
  try {
    const parsed = TopologySchema.safeParse(JSON.parse(await readFile(join(bundlePath, 'topology.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
