import type { AgentSettings } from '../agent/agent-settings.ts';
import { answerIncident } from '../agent/answer-incident.ts';
import type { ChatModel } from '../agent/chat-model.ts';
import type { Redactor } from '../redact/redactor.ts';
import { isSummaryRequest } from './answer-offline.ts';
import type { ReadChannelIncident } from './channel-incident-responder.ts';
import type { IncidentResponder } from './ports.ts';

/** The model (absent → offline answers) and the `agent` settings. */
export interface AgentSetupForSlack {
  model?: ChatModel;
  settings?: Partial<AgentSettings>;
  /** Shared with the Slack poster so placeholders stay the same in prompts and messages. */
  redactor?: Redactor;
}

/**
 * The IncidentResponder of `opsight serve`: the channel's incident (history through the Web API plus the
 * configured bundle) answered by the agent (`answerIncident`): with `OPSIGHT_MODEL` the model writes
 * the summary or the answer over the analysis tools; without one, or when it fails, the deterministic
 * answer with the reason.
 */
export function createAgentIncidentResponder(readIncident: ReadChannelIncident, agent: AgentSetupForSlack): IncidentResponder {
  return {
    async respond({ channelId, threadTs, question, needs }) {
      const { bundle, analysis, report } = await readIncident(channelId, threadTs);
      if (needs === 'report') return { report, generatedBy: report.generatedBy };
      const summary = isSummaryRequest(question);
      const result = await answerIncident({
        bundle,
        analysis,
        report,
        ...(summary ? {} : { question }),
        ...(agent.model ? { model: agent.model } : {}),
        ...(agent.settings ? { settings: agent.settings } : {}),
        ...(agent.redactor ? { redactor: agent.redactor } : {}),
      });
      return {
        report: result.report,
        ...(summary ? {} : { answer: result.answer }),
        citedSignalIds: result.citedSignalIds,
        generatedBy: result.generatedBy,
        ...(result.offline ? { offlineNote: `Offline: ${result.offlineReason ?? 'no LLM used'}.` } : {}),
        usage: { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens },
      };
    },
  };
}
