import type { AgentSetup } from '../agent/agent-from-config.ts';
import { answerIncident } from '../agent/answer-incident.ts';
import { analyzeIncident } from '../analysis/analyze-incident.ts';
import { readBundle } from '../ingest/index.ts';
import { buildReport } from '../report/build-report.ts';
import type { RetroNarrator } from './with-narrative.ts';


/**
 * With a model configured, a narrator that re-reads the incident's bundle (when its directory is still
 * there) and asks the agent for the retrospective narrative; every number stays the analysis'. Without
 * a model there is no narrator. A model failure leaves that draft deterministic (the agent answers
 * offline), it never fails the nightly run.
 */
export function retrospectiveNarrator(agent: AgentSetup): RetroNarrator | undefined {
  const model = agent.model;
  if (!model) return undefined;
  return async ({ bundlePath }) => {
    // Incidents run from Slack are stored as `slack:<channel>`: their chat is not on disk.
    if (!bundlePath || bundlePath.startsWith('slack:')) return undefined;
    const bundle = await readBundle(bundlePath).catch(() => undefined);
    if (!bundle) return undefined;
    const analysis = analyzeIncident(bundle);
    const result = await answerIncident({ bundle, analysis, report: buildReport(bundle, analysis), task: 'retrospective', model, settings: agent.settings });
    return result.offline ? undefined : { text: result.answer, generatedBy: result.generatedBy };
  };
}
