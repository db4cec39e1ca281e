import { describe, expect, it } from 'vitest';
import { incidentChannelName, withNameSuffix } from './channel-name.ts';

const NOV_29 = Date.parse('2026-11-29T23:10:00Z');

describe('incidentChannelName', () => {
  it.each([
    ['Checkout failing for card payments', 'inc-20261129-checkout-failing-for-card-payments'],
    ['  API 5xx @ eu-west-1 (sev1!)  ', 'inc-20261129-api-5xx-eu-west-1-sev1'],
    ['Zahlungsausfall für Kärtchen', 'inc-20261129-zahlungsausfall-fur-kartchen'],
    ['!!!', 'inc-20261129-incident'],
    ['db.primary v2.4.1 down', 'inc-20261129-db-primary-v2-4-1-down'],
  ])('%j → %s', (title, expected) => {
    expect(incidentChannelName(title, NOV_29)).toBe(expected);
  });

  it('stays within Slack’s 80 characters without a trailing hyphen', () => {
    const name = incidentChannelName('word '.repeat(40), NOV_29);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^inc-20261129-[a-z0-9-]*[a-z0-9]$/);
    expect(withNameSuffix(name, 12).length).toBeLessThanOrEqual(80);
    expect(withNameSuffix(name, 12)).toMatch(/[a-z0-9]-12$/);
  });
});
