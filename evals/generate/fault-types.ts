import type { RootCauseKind } from '../../src/domain/index.ts';
import type { ServiceGraph } from './build-topology.ts';
import type { Person } from './people.ts';
import type { Rng } from './rng.ts';

/** How an effect combines with the baseline: approach a level, scale it, or add to it. */
export type EffectMode = 'toward' | 'mul' | 'add';

/**
 * A change to one metric of one service over time. The envelope rises linearly over `rampMs`
 * from `startMs`, holds, then falls back over `recoverMs` from `endMs` (undefined: the time the
 * mitigation takes effect, filled in by the generator).
 */
export interface Effect {
  service: string;
  metric: string;
  /** Restrict to series with this `upstream` label (client-side metrics). */
  upstream?: string;
  startMs: number;
  rampMs: number;
  endMs?: number;
  /** Added to the mitigation time when `endMs` is undefined (recovery travels up the call graph). */
  endOffsetMs?: number;
  recoverMs: number;
  mode: EffectMode;
  value: number;
  /** Memory sawtooth (OOM restarts) with this period while active. */
  sawtoothMs?: number;
}

/** A change event before it is serialized as a CloudEvent. */
export interface ChangeSpec {
  id: string;
  type: string;
  service: string;
  timeMs: number;
  source: string;
  data: Record<string, unknown>;
}

/** A family of log lines: `render` fills in the variable parts. */
export interface LogPattern {
  service: string;
  level: 'error' | 'warn' | 'info';
  startMs: number;
  /** undefined: until the mitigation takes effect. */
  endMs?: number;
  perMinute: number;
  render: (rng: Rng, timeMs: number) => string;
}

export interface RemediationStep {
  action: string;
  service: string;
  [key: string]: string;
}

/** Extra alert rules a fault brings (beyond the generic error/latency rules). */
export interface ExtraAlertRule {
  alertname: string;
  service: string;
  metric: string;
  upstream?: string;
  threshold: number;
  forSeconds: number;
  severity: 'critical' | 'warning';
  summary: string;
  /** Fire when the value is below the threshold instead of above. */
  below?: boolean;
  /** `threshold` is a multiple of the series' quiet-period median (cost anomalies). */
  relative?: boolean;
}

/** What a fault of one kind does to a system. Built by the fault catalog. */
export interface FaultPlan {
  kind: RootCauseKind;
  /** Root-cause service (an external name for `dependency`). */
  root: string;
  rootIsExternal: boolean;
  /** Start of a slow cause (leak, cost creep); equals `onsetMs` otherwise. */
  causeStartMs: number;
  /** The true onset of the first anomaly. */
  onsetMs: number;
  /** The change that caused it (goes to truth.changeId). */
  rootChange?: ChangeSpec;
  /** Earlier changes of the same story (a flag's first small rollout step). */
  extraChanges?: ChangeSpec[];
  effects: Effect[];
  /** Services whose failure propagates to their callers, with the error ratio / added latency callers feel. */
  sources: Array<{ service: string; error: number; latencyS: number; startMs: number }>;
  logs: LogPattern[];
  /** How callers describe failures of the service they call. */
  upstreamError: (rng: Rng, callee: string) => string;
  mitigation: {
    /** Chat text of the responder action. */
    action: string;
    /** Change event of the action, when it is one; `timeMs` is filled in by the generator. */
    change?: Omit<ChangeSpec, 'timeMs'>;
    /** The fault ends on its own this long after the onset (at the earliest). */
    selfHealAfterMs?: number;
  };
  remediation: RemediationStep[];
  contributing: Array<{ service: string; kind: RootCauseKind }>;
  /** Incident title when the fault dictates one; otherwise the generator titles it by symptoms. */
  title?: string;
  /** Hypotheses and findings responders post once they are on the right track. */
  findings: string[];
  /** Short description for case.yaml. */
  description: string;
  extraRules: ExtraAlertRule[];
  /** Alerts that fire regardless of metrics (a certificate-expiry warning hours before). */
  staticAlerts?: Array<{ alertname: string; service: string; severity: 'critical' | 'warning'; summary: string }>;
  /** Does the root's own http error ratio move (false: certificate, external, cost)? */
  rootShowsErrors: boolean;
  tags: string[];
}

/** What a fault builder gets. */
export interface FaultContext {
  rng: Rng;
  graph: ServiceGraph;
  onsetMs: number;
  people: Person[];
  nextChangeId: () => string;
  /** Use this service as the root when it exists (the demo). */
  preferRoot?: string;
}
