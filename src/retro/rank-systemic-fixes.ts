import { describeGap } from '../analysis/describe.ts';
import type { Report, RootCauseKind, Topology } from '../domain/index.ts';
import type { SignalCluster } from '../store/group-signal-clusters.ts';
import { DETECTION_TARGET_SECONDS, type ResponseAssessment } from './assess-incident-response.ts';

/** A fix that makes this class of incident less likely or shorter, with who should own it. */
export interface SystemicFix {
  action: string;
  why: string;
  impact: 'high' | 'medium' | 'low';
  /** Higher first; ties keep the order they were derived in. */
  score: number;
  service: string;
  /** The service's `team` in the topology, when known. */
  ownerTeam?: string;
}

const FIX_BY_KIND: Readonly<Record<RootCauseKind, string>> = {
  deploy: 'Gate deploys behind a canary with automatic rollback on error-rate or latency regression',
  config: 'Validate configuration changes before rollout (schema check, staged rollout, automatic revert)',
  'feature-flag': 'Roll feature flags out progressively with guardrail metrics that switch them off automatically',
  capacity: 'Add headroom and autoscaling on the saturating resource, with an alert well before the limit',
  dependency: 'Add timeouts, a circuit breaker and a degraded fallback around the failing dependency',
  certificate: 'Automate certificate renewal and alert 30, 14 and 3 days before expiry',
  credential: 'Rotate credentials with a dual-key overlap and verify the new key before revoking the old one',
  'resource-leak': 'Alert on monotonic memory/handle growth and set limits that restart before exhaustion',
  network: 'Add redundancy across zones/links and a synthetic probe on the failing path',
  database: 'Review migrations and heavy jobs for lock and load impact; run them with guards and off-peak',
  cost: 'Add spend anomaly alerts and quotas per service',
  security: 'Add detection and automatic blocking for the abuse pattern, and review access controls',
  'retry-storm': 'Cap retries with budgets, exponential backoff and jitter on every caller',
  unknown: 'Instrument the service so the next occurrence can be diagnosed (error logs, RED metrics, change events)',
};

/**
 * Fixes derived from the root cause's kind, the response assessment (missing alert, detection lag,
 * retry amplification, red-herring actions, missing data) and recurring clusters of this incident's
 * signals, ranked by expected impact. The owner is the affected service's topology `team`.
 */
export function rankSystemicFixes(report: Report, assessment: ResponseAssessment, extras: { clusters?: readonly SignalCluster[]; topology?: Topology } = {}): SystemicFix[] {
  const teamOf = (service: string) => extras.topology?.services.find((s) => s.name === service)?.team;
  const fixes: SystemicFix[] = [];
  const add = (fix: Omit<SystemicFix, 'impact' | 'ownerTeam'>) => {
    const ownerTeam = teamOf(fix.service);
    fixes.push({ ...fix, impact: fix.score >= 3 ? 'high' : fix.score >= 2 ? 'medium' : 'low', ...(ownerTeam ? { ownerTeam } : {}) });
  };
  const root = report.rootCauses[0];
  const recurring = (extras.clusters ?? []).filter((c) => c.incidentIds.includes(report.incidentId) && c.incidentCount >= 2);

  if (root) {
    const sameCause = recurring.find((c) => c.service === root.service && c.kind === root.kind && (c.typicalLabel === 'likely-cause' || c.typicalLabel === 'contributing'));
    add({
      action: FIX_BY_KIND[root.kind],
      why: `${root.kind} in ${root.service} was the most likely cause${sameCause ? `, and the same signal (${sameCause.shape}) appeared in ${sameCause.incidentCount} incidents` : ''}.`,
      score: (root.confidence >= 0.5 ? 3 : 2) + (sameCause ? 1 : 0) + root.confidence / 10,
      service: root.service,
    });
  }
  const { facts } = assessment;
  if (facts.rootService && facts.rootServiceUnalerted) {
    const slow = (facts.detectionLagSeconds ?? 0) > DETECTION_TARGET_SECONDS;
    add({
      action: `Add an alert on ${facts.rootService}'s own error rate and saturation (it did not page; its callers did)`,
      why: `Detection relied on symptoms elsewhere${facts.detectionLagSeconds !== undefined ? ` and took ${describeGap(facts.detectionLagSeconds * 1000)}` : ''}.`,
      score: slow ? 3 : 2.5,
      service: facts.rootService,
    });
  } else if (facts.detectionLagSeconds !== undefined && facts.detectionLagSeconds > DETECTION_TARGET_SECONDS) {
    const firstSymptomService = report.signals.filter((s) => s.label === 'symptom' || s.label === 'likely-cause').sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0]?.service ?? facts.rootService;
    if (firstSymptomService) {
      add({
        action: `Tighten alerting on ${firstSymptomService} (faster burn-rate window, page on the first symptom)`,
        why: `Detection took ${describeGap(facts.detectionLagSeconds * 1000)} after the first symptom.`,
        score: 2.5,
        service: firstSymptomService,
      });
    }
  }
  for (const service of facts.retryingServices) {
    add({ action: `${FIX_BY_KIND['retry-storm']} (${service})`, why: `${service}'s retries amplified the load on ${facts.rootService ?? 'the failing service'}.`, score: 2, service });
  }
  for (const cluster of recurring) {
    if (root && cluster.service === root.service && cluster.kind === root.kind) continue;
    if (cluster.typicalLabel !== 'likely-cause' && cluster.typicalLabel !== 'contributing') continue;
    add({
      action: `Investigate the recurring ${cluster.source} signal "${cluster.shape}" on ${cluster.service}`,
      why: `It was ${cluster.typicalLabel} in ${cluster.incidentCount} incidents, last seen ${cluster.lastSeen.slice(0, 10)}.`,
      score: 2,
      service: cluster.service,
    });
  }
  if (facts.unhelpfulActions.length && facts.rootService) {
    add({
      action: `Add a runbook entry and dashboard for ${facts.rootService} that rules out the usual suspects quickly`,
      why: `Responders tried ${facts.unhelpfulActions.length} action(s) on other services before the cause was addressed.`,
      score: 1.5,
      service: facts.rootService,
    });
  }
  if (report.missingSources.length && facts.rootService) {
    add({ action: `Collect ${report.missingSources.join(', ')} for incident analysis`, why: 'The analysis had to work without them.', score: 1, service: facts.rootService });
  }
  return fixes.map((fix, i) => ({ fix, i })).sort((a, b) => b.fix.score - a.fix.score || a.i - b.i).map(({ fix }) => fix);
}
