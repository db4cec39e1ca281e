import { MetricsRegistry, type Counter, type Histogram } from './metrics-registry.ts';

/** The instruments `opsight serve` exposes at `/metrics`. */
export interface OpsightMetrics {
  registry: MetricsRegistry;
  /** Slack requests by `kind` (event, command, action) and HTTP routes by `route`. */
  requests: Counter;
  /** Seconds from request to finished analysis, by `outcome` (ok, error). */
  analysisSeconds: Histogram;
  /** LLM tokens by `kind` (prompt, completion). */
  llmTokens: Counter;
  proposals: Counter;
  /** Approve/reject clicks by `decision` and `outcome` (accepted, refused). */
  approvals: Counter;
  /** Executions by `outcome` (executed, failed). */
  executions: Counter;
  /** Failures by `stage` (analysis, slack_api, handler, intake_journal). */
  failures: Counter;
  /** Duplicate Slack deliveries dropped. */
  duplicates: Counter;
}

/** Creates a fresh registry with opsight's instruments (one per server; tests make their own). */
export function createOpsightMetrics(): OpsightMetrics {
  const registry = new MetricsRegistry();
  return {
    registry,
    requests: registry.counter('opsight_requests_total', 'Requests received, by kind (event, command, action, http).'),
    analysisSeconds: registry.histogram('opsight_analysis_duration_seconds', 'Time to analyze an incident and answer, by outcome.'),
    llmTokens: registry.counter('opsight_llm_tokens_total', 'LLM tokens spent, by kind (prompt, completion).'),
    proposals: registry.counter('opsight_proposals_total', 'Remediation commands proposed in Slack.'),
    approvals: registry.counter('opsight_approvals_total', 'Approve/reject clicks, by decision and outcome (accepted, refused).'),
    executions: registry.counter('opsight_executions_total', 'Approved commands executed, by outcome.'),
    failures: registry.counter('opsight_failures_total', 'Failures, by stage (analysis, slack_api, handler, intake_journal).'),
    duplicates: registry.counter('opsight_slack_duplicate_deliveries_total', 'Slack event re-deliveries dropped as duplicates.'),
  };
}
