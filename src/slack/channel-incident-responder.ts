import type { WebClient } from '@slack/web-api';
import { analyzeIncident } from '../analysis/analyze-incident.ts';
import { buildReport } from '../report/build-report.ts';
import { answerOffline, isSummaryRequest } from './answer-offline.ts';
import { buildChannelBundle } from './build-channel-bundle.ts';
import type { IncidentResponder } from './ports.ts';
import type { SlackSettings } from './slack-settings.ts';

/** Shown under offline answers. */
export const OFFLINE_NOTE = 'Offline analysis (no LLM configured): every figure comes from the deterministic analysis.';

/**
 * The default IncidentResponder, with no LLM: reads the channel through the Web API (plus the configured
 * bundle for the other sources), runs the deterministic analysis and report, and answers questions from
 * the report's signals.
 */
export function createChannelIncidentResponder(client: WebClient, settings: SlackSettings): IncidentResponder {
  const userCache = new Map<string, Record<string, unknown>>();
  return {
    async respond({ channelId, threadTs, question }) {
      const bundle = await buildChannelBundle(client, channelId, settings, threadTs, userCache);
      const report = buildReport(bundle, analyzeIncident(bundle));
      if (isSummaryRequest(question)) return { report, generatedBy: report.generatedBy, offlineNote: OFFLINE_NOTE };
      const { answer, citedSignalIds } = answerOffline(report, question!);
      return { report, answer, citedSignalIds, generatedBy: report.generatedBy, offlineNote: OFFLINE_NOTE };
    },
  };
}
