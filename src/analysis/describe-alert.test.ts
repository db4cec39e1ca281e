import { describe, expect, it } from 'vitest';
import type { Alert } from './dedupe-alerts.ts';
import { describeAlert } from './describe.ts';

const base: Alert = {
  fingerprint: 'f1', origin: 'alertmanager', name: 'HighErrorRate', service: 'checkout', labels: {},
  summary: 'checkout is returning errors', firingAtMs: 0, notificationCount: 1, refs: [],
};

describe('describeAlert', () => {
  it('names an Alertmanager alert, its service and its summary', () => {
    expect(describeAlert(base)).toBe('HighErrorRate (checkout): checkout is returning errors');
  });

  it('does not repeat a summary that is the alert name', () => {
    expect(describeAlert({ ...base, service: undefined, summary: 'HighErrorRate' })).toBe('HighErrorRate');
  });

  it('names a PagerDuty incident by number, service and urgency, and says its title once', () => {
    const page: Alert = {
      ...base, origin: 'pagerduty', name: '[FIRING:1] HighErrorRate checkout', summary: '[FIRING:1] HighErrorRate checkout',
      labels: { incident_number: '8881', urgency: 'high' },
    };
    expect(describeAlert(page)).toBe('PagerDuty #8881 (checkout, high urgency): [FIRING:1] HighErrorRate checkout');
    expect(describeAlert({ ...page, service: undefined, labels: {} })).toBe('PagerDuty: [FIRING:1] HighErrorRate checkout');
  });
});
