import type { RootCauseKind } from '../../src/domain/index.ts';
import type { Rng } from './rng.ts';

/** The hard parts a scenario may contain; most become `case.yaml` tags. */
export interface ScenarioFlags {
  redHerring: boolean;
  /** An unrelated service misbehaves at the same time (its own brief error/latency spike). */
  concurrentAnomaly: boolean;
  postOnsetChanges: boolean;
  rootUnalerted: boolean;
  missingAlerts: boolean;
  retryAmplification: boolean;
  missingTopology: boolean;
  missingLogs: boolean;
  missingChat: boolean;
  missingChanges: boolean;
  gaps: boolean;
  noisyChat: boolean;
  secrets: boolean;
  injection: boolean;
  pagerduty: boolean;
  meshMetrics: boolean;
  crossMidnight: boolean;
  humanReport: boolean;
}

/** Draws the flags of a scenario; `force` pins some of them. */
export function drawFlags(rng: Rng, kind: RootCauseKind, force: Partial<ScenarioFlags> = {}): ScenarioFlags {
  const missingAlerts = force.missingAlerts ?? rng.chance(0.12);
  const missingChat = force.missingChat ?? (!missingAlerts && rng.chance(0.1));
  const missingTopology = force.missingTopology ?? rng.chance(0.3);
  const changeKinds: RootCauseKind[] = ['deploy', 'config', 'feature-flag', 'credential'];
  const flags: ScenarioFlags = {
    redHerring: rng.chance(0.5),
    concurrentAnomaly: rng.chance(0.3),
    postOnsetChanges: rng.chance(0.45),
    rootUnalerted: !missingAlerts && rng.chance(0.35),
    missingAlerts,
    retryAmplification: kind === 'retry-storm' || rng.chance(0.35),
    missingTopology,
    missingLogs: rng.chance(0.15),
    missingChat,
    missingChanges: rng.chance(changeKinds.includes(kind) ? 0.06 : 0.12),
    gaps: rng.chance(0.3),
    noisyChat: !missingChat && rng.chance(0.4),
    secrets: !missingChat && rng.chance(0.35),
    injection: rng.chance(0.3),
    pagerduty: !missingAlerts && rng.chance(0.3),
    meshMetrics: rng.chance(missingTopology ? 0.7 : 0.4),
    crossMidnight: rng.chance(0.12),
    humanReport: !missingChat && (missingAlerts || rng.chance(0.6)),
  };
  return { ...flags, ...force };
}

/** `case.yaml` tags of the flags that are on. */
export function flagTags(f: ScenarioFlags): string[] {
  const tags: Array<[boolean, string]> = [
    [f.redHerring, 'red-herring'], [f.concurrentAnomaly, 'concurrent-anomaly'], [f.postOnsetChanges, 'post-onset-changes'], [f.rootUnalerted, 'root-unalerted'],
    [f.missingAlerts, 'missing-alerts'], [f.retryAmplification, 'retry-amplification'], [f.missingTopology, 'missing-topology'],
    [f.missingLogs, 'missing-logs'], [f.missingChat, 'missing-chat'], [f.missingChanges, 'missing-changes'], [f.gaps, 'gaps'],
    [f.noisyChat, 'noisy-chat'], [f.secrets, 'secrets'], [f.injection, 'injection'], [f.pagerduty, 'pagerduty'],
    [f.crossMidnight, 'cross-midnight'],
  ];
  return tags.filter(([on]) => on).map(([, t]) => t);
}
