import { createHash } from 'node:crypto';
import type { PetshopTarget } from './convert-target.ts';

const STILL_FIRING = '0001-01-01T00:00:00Z';

/**
 * The alert a monitoring system would have sent for the PetShop target: one Alertmanager webhook
 * payload firing at the target timestamp and one resolved at the end of the issue window, as
 * `alerts/petsite.jsonl` lines. It names only the target node and metric, which the upstream
 * evaluation protocol hands to every analyzer; nothing about the root cause.
 *
 * @param windowEndSec end of the issue window, unix seconds
 */
export function convertAlerts(target: PetshopTarget['target'], windowEndSec: number): string {
  const latency = target.metric === 'latency';
  const labels = {
    alertname: latency ? 'PetSiteHighLatency' : 'PetSiteLowAvailability',
    service: target.node,
    severity: 'warning',
  };
  const annotations = {
    summary: latency ? `${target.node} latency degraded` : `${target.node} availability degraded`,
    description: latency
      ? `${target.agg} request latency of ${target.node} is above its normal range.`
      : `${target.agg} availability of ${target.node} is below its normal range (error ratio up).`,
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16);
  const startsAt = isoSeconds(target.timestamp);
  const expr = latency ? `http_request_duration_avg_seconds{service="${target.node}"}` : `http_request_error_ratio{service="${target.node}"}`;
  const generatorURL = `http://prometheus.petshop.invalid/graph?g0.expr=${encodeURIComponent(expr)}`;
  const payload = (status: 'firing' | 'resolved', endsAt: string) => ({
    version: '4',
    groupKey: `{}:{alertname="${labels.alertname}"}`,
    status,
    receiver: 'petshop-oncall',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://alertmanager.petshop.invalid',
    alerts: [{ status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint }],
  });
  return [payload('firing', STILL_FIRING), payload('resolved', isoSeconds(windowEndSec))].map((p) => JSON.stringify(p)).join('\n') + '\n';
}

/** RFC 3339 UTC without milliseconds, from unix seconds. */
export function isoSeconds(unixSec: number): string {
  return new Date(Math.round(unixSec) * 1000).toISOString().replace('.000Z', 'Z');
}
