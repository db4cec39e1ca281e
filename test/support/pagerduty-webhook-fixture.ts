/** A PagerDuty V3 webhook delivery and the secrets the signature tests share. */
export const PAGERDUTY_SECRET = 'pd-signing-secret-0123456789abcdef';
export const WEBHOOK_TOKEN = 'a-webhook-token-of-some-length';

/** An `incident.triggered` event on payments with `title` (non-ASCII titles check that raw bytes are hashed). */
export function pagerDutyTriggered(title: string) {
  return {
    event: {
      id: '01EVT', event_type: 'incident.triggered', resource_type: 'incident', occurred_at: '2026-03-04T15:06:39Z',
      agent: { type: 'service_reference', summary: 'Alertmanager' },
      data: { id: 'Q1', type: 'incident', title, status: 'triggered', incident_key: 'k1', service: { id: 'P1', summary: 'payments' } },
    },
  };
}
