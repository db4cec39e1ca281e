import type { BenchRng } from './bench-rng.ts';
import type { LargeIncidentPlan } from './plan-large-incident.ts';

/** One Alertmanager webhook POST, rendered, with what the Slack alert bot needs to echo it. */
export interface AlertPayload {
  sentMs: number;
  receiver: 'pagerduty-oncall' | 'slack-ops';
  alertname: string;
  service: string;
  status: 'firing' | 'resolved';
  severity: string;
  /** The JSONL line. */
  line: string;
}

interface Lifecycle {
  alertname: string;
  service: string;
  severity: 'critical' | 'warning' | 'info';
  summary: string;
  startsAtMs: number;
  /** undefined: still firing at the end of the window. */
  endsAtMs?: number;
}

/** Alertmanager's repeat/group interval in this setup: a firing alert is re-sent every 5 min. */
const RESEND_MS = 5 * 60_000;
/** group_wait: the first notification leaves 30 s after the alert starts. */
const GROUP_WAIT_MS = 30_000;
const ZERO_TIME = '0001-01-01T00:00:00Z';
const BACKGROUND = [
  { alertname: 'HighCPU', severity: 'warning', summary: 'CPU above 85% for 10m' },
  { alertname: 'PodCrashLooping', severity: 'warning', summary: 'Pod is restarting repeatedly' },
  { alertname: 'KubeJobFailed', severity: 'warning', summary: 'Job failed to complete' },
  { alertname: 'TargetDown', severity: 'warning', summary: 'Prometheus target is down' },
  { alertname: 'QueueBacklog', severity: 'warning', summary: 'Queue depth above threshold' },
  { alertname: 'DiskSpaceLow', severity: 'info', summary: 'Less than 15% disk space left' },
  { alertname: 'CertificateExpiringSoon', severity: 'info', summary: 'TLS certificate expires in < 14 days' },
  { alertname: 'HighLatencyP99', severity: 'warning', summary: 'p99 latency above SLO' },
] as const;

/**
 * Exactly `plan.counts.alerts` webhook payloads, in send order: the fault's alerts (error rate on the
 * faulty service and callers up to two hops, latency up to three), then background alerts with
 * random lifecycles, each re-sent every 5 min while firing and once more when resolved.
 */
export function makeAlertPayloads(plan: LargeIncidentPlan, rng: BenchRng): AlertPayload[] {
  const lifecycles: Lifecycle[] = [];
  for (const [service, hit] of plan.fault.affected) {
    const critical = hit.distance === 0 || plan.services.find((s) => s.name === service)?.layer === 0;
    if (hit.distance <= 2) {
      lifecycles.push({
        alertname: 'HighErrorRate', service, severity: critical ? 'critical' : 'warning',
        summary: `${service}: 5xx ratio above 5% for 2m`, startsAtMs: hit.onsetMs + 150_000, endsAtMs: hit.recoveredMs + 120_000,
      });
    }
    if (hit.distance <= 3) {
      lifecycles.push({
        alertname: 'HighLatencyP99', service, severity: 'warning',
        summary: `${service}: p99 latency above SLO for 5m`, startsAtMs: hit.onsetMs + 300_000, endsAtMs: hit.recoveredMs + 180_000,
      });
    }
  }
  for (const blip of plan.blips) {
    const alertname = blip.metric === 'process_cpu_utilization' ? 'HighCPU' : blip.metric === 'queue_depth' ? 'QueueBacklog' : 'HighLatencyP99';
    lifecycles.push({ alertname, service: blip.service, severity: 'warning', summary: `${blip.service}: ${alertname}`, startsAtMs: blip.startMs + 120_000, endsAtMs: blip.endMs + 60_000 });
  }

  const payloads: AlertPayload[] = [];
  for (const life of lifecycles) emit(life, payloads, plan, rng);
  const span = plan.windowEndMs - plan.windowStartMs;
  // One alert per label set at a time, as in Alertmanager: lifecycles of one label set never overlap.
  const taken = new Map<string, [number, number][]>();
  for (const l of lifecycles) taken.set(`${l.alertname}/${l.service}`, [...(taken.get(`${l.alertname}/${l.service}`) ?? []), [l.startsAtMs, l.endsAtMs ?? Infinity]]);
  for (let attempts = 0; payloads.length < plan.counts.alerts; attempts++) {
    if (attempts > 100 * plan.counts.alerts) throw new Error('makeAlertPayloads: cannot place enough alerts; too few services for this scale');
    const kind = rng.pick(BACKGROUND);
    const service = rng.pick(plan.services).name;
    const startsAtMs = plan.windowStartMs + Math.floor(rng.float() * span);
    const durationMs = Math.round(rng.logRange(3, 240) * 60_000);
    const endsAtMs = startsAtMs + durationMs < plan.windowEndMs ? startsAtMs + durationMs : undefined;
    const key = `${kind.alertname}/${service}`;
    const busy = taken.get(key) ?? [];
    const marginMs = 10 * 60_000;
    if (busy.some(([from, to]) => startsAtMs < to + marginMs && (endsAtMs ?? Infinity) + marginMs > from)) continue;
    taken.set(key, [...busy, [startsAtMs, endsAtMs ?? Infinity]]);
    emit({ ...kind, service, summary: `${service}: ${kind.summary}`, startsAtMs, endsAtMs }, payloads, plan, rng);
  }
  payloads.length = Math.min(payloads.length, plan.counts.alerts);
  return payloads.sort((a, b) => a.sentMs - b.sentMs);
}

function emit(life: Lifecycle, out: AlertPayload[], plan: LargeIncidentPlan, rng: BenchRng): void {
  const labels: Record<string, string> = {
    alertname: life.alertname, service: life.service, severity: life.severity, namespace: 'prod',
    job: life.service, cluster: 'prod-eu-1',
  };
  const annotations = {
    summary: life.summary,
    description: `${life.alertname} on ${life.service} (namespace prod)`,
    runbook_url: `https://runbooks.example.com/${life.alertname.toLowerCase()}`,
  };
  const fingerprint = fingerprintOf(labels);
  const receiver = life.severity === 'critical' ? 'pagerduty-oncall' : 'slack-ops';
  const groupKey = `{}/{severity="${life.severity}"}:{alertname="${life.alertname}", service="${life.service}"}`;
  const generatorURL = `http://prometheus.prod:9090/graph?g0.expr=${encodeURIComponent(`ALERTS{alertname="${life.alertname}",service="${life.service}"}`)}&g0.tab=1`;
  const startsAt = new Date(life.startsAtMs).toISOString();
  const stopMs = Math.min(life.endsAtMs ?? plan.windowEndMs, plan.windowEndMs);
  const render = (status: 'firing' | 'resolved', sentMs: number): void => {
    const endsAt = status === 'resolved' ? new Date(life.endsAtMs!).toISOString() : ZERO_TIME;
    const alert = { status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint };
    const line = JSON.stringify({
      version: '4', groupKey, truncatedAlerts: 0, status, receiver,
      groupLabels: { alertname: life.alertname, service: life.service }, commonLabels: labels,
      commonAnnotations: annotations, externalURL: 'http://alertmanager.prod:9093', alerts: [alert],
    });
    out.push({ sentMs, receiver, alertname: life.alertname, service: life.service, status, severity: life.severity, line });
  };
  // A small jitter: notifications never leave on the exact second.
  for (let t = life.startsAtMs + GROUP_WAIT_MS; t < stopMs; t += RESEND_MS) render('firing', t + rng.int(0, 900));
  if (life.endsAtMs !== undefined && life.endsAtMs <= plan.windowEndMs) render('resolved', life.endsAtMs + rng.int(0, 900));
}

/** A 16-hex-digit fingerprint of the label set (two FNV-1a passes), as Alertmanager's is. */
function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join('\u00ff');
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
