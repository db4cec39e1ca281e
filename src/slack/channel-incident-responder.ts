import type { WebClient } from '@slack/web-api';
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { analyzeIncident, type Analysis } from '../analysis/analyze-incident.ts';
import type { Incident, IncidentBundle, Report } from '../domain/index.ts';
import { readBundle } from '../ingest/index.ts';
import { buildReport } from '../report/build-report.ts';
import { answerOffline, isSummaryRequest } from './answer-offline.ts';
import { buildChannelBundle, bundleDirFor } from './build-channel-bundle.ts';
import { LruCache } from './lru-cache.ts';
import type { IncidentResponder } from './ports.ts';
import { readChannelHistory, type ChannelHistory } from './read-channel-history.ts';
import { SingleFlight } from './single-flight.ts';
import type { SlackSettings } from './slack-settings.ts';

/** Shown under offline answers. */
export const OFFLINE_NOTE = 'Offline analysis (no LLM configured): every figure comes from the deterministic analysis.';

/** How long a configured bundle directory's parse is reused before it is read again. */
const BASE_BUNDLE_TTL_MS = 60_000;

/** One channel's incident: its bundle, the deterministic analysis and the report. */
export interface ChannelIncident {
  bundle: IncidentBundle;
  analysis: Analysis;
  report: Report;
}

/**
 * Reads the sources besides chat (alerts, metrics, logs, changes) for an incident and a time range, e.g.
 * through the MCP tool servers (`collectIncidentBundle`). Used for channels without a configured bundle.
 */
export type LiveSourcesReader = (incident: Incident, startMs: number, endMs: number) => Promise<IncidentBundle>;

/** How far before the incident opened live sources are read: the analysis compares with a quiet past. */
const LIVE_BASELINE_MS = 3 * 3_600_000;

/** Reads the incident of a channel (see `createChannelIncidentReader`). */
export type ReadChannelIncident = (channelId: string, threadTs?: string) => Promise<ChannelIncident>;

/**
 * Reads a channel's incident: history through the Web API (concurrent requests for one channel share
 * one read, reused for `historyReuseSeconds`), the configured bundle for the other sources (re-read at
 * most once a minute) or, without one, `liveSources` (from 3 h before the incident opened until now), and the
 * deterministic analysis, which is computed once per distinct input (it is pure, so an unchanged
 * history gives the same report).
 */
export function createChannelIncidentReader(client: WebClient, settings: SlackSettings, liveSources?: LiveSourcesReader): ReadChannelIncident {
  const userCache = new Map<string, Record<string, unknown>>();
  const histories = new SingleFlight<ChannelHistory>();
  // A burst of mentions in one channel reads its history once (conversations.history is rate limited).
  const recentHistories = new LruCache<{ history: ChannelHistory; readAtMs: number }>(64);
  const analyzed = new LruCache<ChannelIncident>(32);
  const analyses = new SingleFlight<ChannelIncident>();
  const bases = new Map<string, { bundle: Promise<IncidentBundle>; readAtMs: number }>();

  const baseBundle = (dir: string): Promise<IncidentBundle> => {
    const cached = bases.get(dir);
    if (cached && Date.now() - cached.readAtMs < BASE_BUNDLE_TTL_MS) return cached.bundle;
    const bundle = readBundle(dir);
    bases.set(dir, { bundle, readAtMs: Date.now() });
    bundle.catch(() => bases.delete(dir));
    return bundle;
  };

  /** The bundle, analysis and deterministic report of the incident in `channelId`. */
  return async function readIncident(channelId: string, threadTs?: string): Promise<ChannelIncident> {
    const historyKey = `${channelId}|${threadTs ?? ''}`;
    const recent = recentHistories.get(historyKey);
    const history =
      recent && Date.now() - recent.readAtMs < settings.historyReuseSeconds * 1000
        ? recent.history
        : await histories.run(historyKey, async () => {
            const read = await readChannelHistory(client, channelId, { maxMessages: settings.maxHistoryMessages, maxThreads: settings.maxThreads }, threadTs, userCache);
            recentHistories.set(historyKey, { history: read, readAtMs: Date.now() });
            return read;
          });
    const dir = bundleDirFor(settings, history.channel);
    const live = !dir && liveSources ? liveSources : undefined;
    // Live sources change by the minute; a bundle directory and the history only when they are re-read.
    const freshness = live ? Math.floor(Date.now() / 60_000) : 0;
    const key = createHash('sha256').update(JSON.stringify([dir ?? '', freshness, history.channel, history.messages, history.users])).digest('hex');
    const cached = analyzed.get(key);
    if (cached) return cached;
    return analyses.run(key, async () => {
      const base = dir ? await baseBundle(dir) : undefined;
      await yieldToEventLoop(); // let pending acks out between the CPU-heavy steps
      let built = buildChannelBundle(history, settings, base);
      if (live) built = withLiveSources(built, await live(built.incident, Date.parse(built.incident.openedAt) - LIVE_BASELINE_MS, Date.now()));
      await yieldToEventLoop();
      const analysis = analyzeIncident(built);
      await yieldToEventLoop();
      const result = { report: buildReport(built, analysis), bundle: built, analysis };
      analyzed.set(key, result);
      return result;
    });
  };
}

/**
 * The default IncidentResponder, with no LLM: the channel's incident (see `createChannelIncidentReader`)
 * and answers to questions from the report's signals.
 */
export function createChannelIncidentResponder(client: WebClient, settings: SlackSettings, liveSources?: LiveSourcesReader): IncidentResponder {
  const readIncident = createChannelIncidentReader(client, settings, liveSources);
  return {
    async respond({ channelId, threadTs, question }) {
      const { report } = await readIncident(channelId, threadTs);
      if (isSummaryRequest(question)) return { report, generatedBy: report.generatedBy, offlineNote: OFFLINE_NOTE };
      const { answer, citedSignalIds } = answerOffline(report, question!);
      return { report, answer, citedSignalIds, generatedBy: report.generatedBy, offlineNote: OFFLINE_NOTE };
    },
  };
}

/** The chat bundle (incident, users, chat from the Web API) plus the live bundle's other sources. */
function withLiveSources(chatBundle: IncidentBundle, live: IncidentBundle): IncidentBundle {
  return {
    ...live,
    incident: chatBundle.incident,
    users: chatBundle.users,
    chat: chatBundle.chat,
    missingSources: live.missingSources.filter((s) => s !== 'slack'),
    problems: [...chatBundle.problems, ...live.problems.filter((p) => !p.file.startsWith('mcp:slack'))],
  };
}
