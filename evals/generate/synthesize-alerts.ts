import type { ExtraAlertRule } from './fault-types.ts';
import type { Rng } from './rng.ts';
import type { Grid, SeriesSpec } from './synthesize-metrics.ts';

/** One firing period of one alert (same labels → same fingerprint across periods). */
export interface AlertInstance {
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsMs: number;
  /** undefined: still firing at the end of the window. */
  endsMs?: number;
  severity: 'critical' | 'warning';
  expr: string;
  /** Unrelated to the incident (flapping noise, watchdog). */
  noise: boolean;
}

/** A threshold rule over one series. */
export interface AlertRule extends ExtraAlertRule {
  team?: string;
  description?: string;
  /** Drop the `service` label (blackbox probes, node alerts): the analyzer must map it itself. */
  labelsOverride?: Record<string, string>;
}

export interface EvaluatedSeries {
  spec: SeriesSpec;
  values: Float64Array;
}

/**
 * Evaluates a rule on the sample grid like Prometheus does: pending once the condition holds,
 * firing after `forSeconds`, resolved the first sample it no longer holds.
 */
export function evaluateRule(rule: AlertRule, series: EvaluatedSeries, grid: Grid, thresholdValue: number): AlertInstance[] {
  const out: AlertInstance[] = [];
  let pendingSince: number | undefined;
  let firing: AlertInstance | undefined;
  for (let i = 0; i < grid.count; i++) {
    const t = grid.startMs + i * grid.stepMs;
    const v = series.values[i] as number;
    const holds = Number.isFinite(v) && (rule.below ? v < thresholdValue : v > thresholdValue);
    if (holds) {
      pendingSince ??= t;
      if (!firing && t - pendingSince >= rule.forSeconds * 1000) {
        firing = makeInstance(rule, series.spec, t, v, thresholdValue);
        out.push(firing);
      }
    } else {
      pendingSince = undefined;
      if (firing) {
        firing.endsMs = t;
        firing = undefined;
      }
    }
  }
  return out;
}

function makeInstance(rule: AlertRule, spec: SeriesSpec, t: number, v: number, threshold: number): AlertInstance {
  const labels: Record<string, string> = rule.labelsOverride ?? {
    alertname: rule.alertname, service: rule.service, severity: rule.severity, namespace: 'prod',
    ...(rule.team ? { team: rule.team } : {}), ...(rule.upstream ? { upstream: rule.upstream } : {}),
  };
  if (!labels.alertname) labels.alertname = rule.alertname;
  if (!labels.severity) labels.severity = rule.severity;
  const shown = spec.unit === 'ratio' ? `${(v * 100).toFixed(1)}%` : spec.unit === 'seconds' ? `${v.toFixed(2)}s` : v.toFixed(1);
  const thr = spec.unit === 'ratio' ? `${(threshold * 100).toFixed(0)}%` : spec.unit === 'seconds' ? `${threshold.toFixed(2)}s` : threshold.toFixed(1);
  return {
    alertname: rule.alertname,
    labels,
    annotations: {
      summary: rule.summary,
      description: rule.description ?? `${spec.name}${rule.upstream ? `{upstream="${rule.upstream}"}` : ''} on ${rule.service} is ${shown} (threshold ${thr}) for more than ${Math.round(rule.forSeconds / 60)}m.`,
      runbook_url: `https://runbooks.example.com/alerts/${rule.alertname}`,
    },
    startsMs: t,
    severity: rule.severity,
    expr: `${spec.name}{service="${rule.service}"${rule.upstream ? `,upstream="${rule.upstream}"` : ''}} ${rule.below ? '<' : '>'} ${threshold}`,
    noise: false,
  };
}

/** Generic rules of one alerted service, given its series. */
export function genericRules(rng: Rng, service: string, team: string, specs: readonly SeriesSpec[], edge: boolean): AlertRule[] {
  const rules: AlertRule[] = [];
  const has = (name: string) => specs.find((s) => s.service === service && s.name === name && s.labels.upstream === undefined);
  if (has('http_request_error_ratio')) {
    rules.push({ alertname: rng.pick(['HighErrorRate', 'HTTP5xxRatioHigh']), service, team, metric: 'http_request_error_ratio', threshold: rng.pick([0.02, 0.05, 0.05, 0.1]), forSeconds: rng.pick([60, 120, 180, 300]), severity: 'critical', summary: `${service} is returning errors` });
    if (edge) rules.push({ alertname: 'SLOErrorBudgetBurn', service, team, metric: 'http_request_error_ratio', threshold: 0.02, forSeconds: rng.pick([120, 300]), severity: 'critical', summary: `${service} availability SLO burning fast (14.4x)` });
  }
  const p99 = has('http_request_duration_p99_seconds');
  if (p99) {
    const thr = niceAbove(p99.base * rng.range(3, 6));
    rules.push({ alertname: 'HighLatencyP99', service, team, metric: 'http_request_duration_p99_seconds', threshold: thr, forSeconds: rng.pick([300, 600]), severity: 'warning', summary: `${service} p99 latency above ${thr}s` });
  }
  if (has('queue_depth')) {
    const q = has('queue_depth') as SeriesSpec;
    rules.push({ alertname: 'QueueBacklogGrowing', service, team, metric: 'queue_depth', threshold: niceAbove(q.base * 10), forSeconds: 600, severity: 'warning', summary: `${service} backlog growing` });
  }
  return rules;
}

function niceAbove(v: number): number {
  const steps = [0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
  return steps.find((s) => s >= v) ?? Math.ceil(v);
}

/**
 * Noise: a flapping alert on an unrelated service, the Watchdog heartbeat, a node alert with no
 * service label. None of them is part of the incident.
 */
export function noiseAlerts(rng: Rng, services: readonly string[], windowStartMs: number, windowEndMs: number): AlertInstance[] {
  const out: AlertInstance[] = [];
  const mk = (alertname: string, labels: Record<string, string>, summary: string, startsMs: number, endsMs: number | undefined, severity: 'critical' | 'warning'): AlertInstance => {
    const inst: AlertInstance = { alertname, labels: { alertname, severity, ...labels }, annotations: { summary, description: summary }, startsMs, severity, expr: `${alertname}`, noise: true };
    if (endsMs !== undefined) inst.endsMs = endsMs;
    return inst;
  };
  if (rng.chance(0.5)) out.push(mk('Watchdog', { prometheus: 'monitoring/k8s' }, 'An alert that should always be firing to certify that Alertmanager is working properly.', windowStartMs - 86_400_000, undefined, 'warning'));
  if (services.length > 0 && rng.chance(0.8)) {
    const svc = rng.pick(services);
    const name = rng.pick(['HighLatencyP99', 'KubePodCrashLooping', 'DiskSpaceLow', 'KafkaConsumerLagHigh', 'CertificateExpiringIn30Days']);
    const period = rng.int(8, 40) * 60_000;
    for (let t = windowStartMs + rng.int(0, period); t < windowEndMs; t += period + rng.int(-3, 6) * 60_000) {
      const dur = rng.int(2, 7) * 60_000;
      out.push(mk(name, { service: svc, namespace: 'prod', ...(name === 'DiskSpaceLow' ? { mountpoint: '/var/lib/data' } : {}) }, `${svc}: ${name} (flapping)`, t, t + dur < windowEndMs ? t + dur : undefined, 'warning'));
    }
  }
  if (rng.chance(0.4)) {
    const t = windowStartMs + rng.int(0, Math.max(1, Math.round((windowEndMs - windowStartMs) / 60_000))) * 60_000;
    out.push(mk('KubeNodeNotReady', { node: `ip-10-0-${rng.int(0, 255)}-${rng.int(2, 254)}.ec2.internal` }, 'Node is not ready', t, t + rng.int(3, 15) * 60_000, 'warning'));
  }
  return out;
}
