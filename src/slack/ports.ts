import type { ProposedCommand, Report } from '../domain/index.ts';

/** What an @mention or a slash command asks about: one channel, optionally one thread and a question. */
export interface IncidentQuestion {
  channelId: string;
  /** The thread the mention was written in (its parent `ts`); absent for channel-level requests. */
  threadTs?: string;
  /** Free text after the mention; absent or blank → "what's going on". */
  question?: string;
  userId: string;
  /** `report`: only the analysis is needed (timeline, status), no prose from a model. Default `answer`. */
  needs?: 'report' | 'answer';
}

/** The analysis (and, with an LLM, the answer) for one incident channel. */
export interface IncidentResponse {
  report: Report;
  /** The answer to the question, when there was one; absent → show the summary. */
  answer?: string;
  /** Signals the answer relies on (shown as its evidence). */
  citedSignalIds?: string[];
  /** `deterministic` or the model name. */
  generatedBy: string;
  /** Why no model was used (no LLM configured, budget, model error), shown as a footnote. */
  offlineNote?: string;
  /** LLM tokens spent, for /metrics. */
  usage?: { promptTokens: number; completionTokens: number };
}

/** Port: answers questions about the incident in a channel (offline analysis, or the agent with an LLM). */
export interface IncidentResponder {
  respond(request: IncidentQuestion): Promise<IncidentResponse>;
}

/** Who clicked. */
export interface Actor {
  userId: string;
  userName?: string;
}

/** Where a proposal was made, for the audit trail. */
export interface ProposalContext {
  incidentId: string;
  channelId: string;
  requestedBy: string;
}

/** Result of an approve/reject click: accepted (with what happened next) or refused (with why). */
export type DecisionOutcome =
  | {
      ok: true;
      /** One line for the message: "approved by @a (1 of 2)", "rejected by @b". */
      message: string;
      status: 'pending' | 'approved' | 'rejected' | 'executed' | 'failed';
      approvedBy?: string[];
      dryRun?: string;
      execution?: string;
    }
  | {
      ok: false;
      /** Why the click was refused, written for the clicker (shown to them only). */
      message: string;
    };

/** Port: the executor's approval policy as the Slack app needs it. */
export interface ProposalDecisions {
  /** Registers a proposed command so it can be approved; the returned id is what the buttons carry. */
  submit(command: ProposedCommand, context: ProposalContext): Promise<{ proposalId: string }>;
  /** "who may approve", e.g. "2 approvals from @sre-leads". */
  describeApprovers(command: ProposedCommand): string;
  approve(proposalId: string, actor: Actor): Promise<DecisionOutcome>;
  reject(proposalId: string, actor: Actor): Promise<DecisionOutcome>;
}

/** Masks secrets in text that leaves the process (chat messages). */
export type Redact = (text: string) => string;
