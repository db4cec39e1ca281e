/** An Alertmanager webhook payload with one alert. */
export function amPayload(alert: { fingerprint: string; alertname: string; service: string; status: 'firing' | 'resolved'; startsAt: string; endsAt?: string }) {
  const labels = { alertname: alert.alertname, service: alert.service, severity: 'critical' };
  return {
    version: '4', groupKey: `{}:{alertname="${alert.alertname}"}`, status: alert.status, receiver: 'pager',
    groupLabels: { alertname: alert.alertname }, commonLabels: labels, commonAnnotations: {}, externalURL: 'http://am:9093',
    alerts: [{ status: alert.status, labels, annotations: { summary: `${alert.alertname} on ${alert.service}` }, startsAt: alert.startsAt,
      endsAt: alert.endsAt ?? '0001-01-01T00:00:00Z', generatorURL: 'http://prom/graph', fingerprint: alert.fingerprint }],
  };
}
