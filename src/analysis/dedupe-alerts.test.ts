import { describe, expect, it } from 'vitest';
import { dedupeAlerts } from './dedupe-alerts.ts';
import { MIN, T0, buildAlert } from './testing/build-bundle.ts';

describe('dedupeAlerts', () => {
  it('collapses re-sends of one fingerprint into one alert with its resolution', () => {
    const resends = Array.from({ length: 100 }, () => buildAlert('fp1', 'HighErrors', 'checkout', 'firing', T0));
    const alerts = dedupeAlerts([...resends, buildAlert('fp1', 'HighErrors', 'checkout', 'resolved', T0, T0 + 30 * MIN)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ firingAtMs: T0, resolvedAtMs: T0 + 30 * MIN, notificationCount: 101 });
  });

  it('treats a fingerprint that fires again after resolving as a new episode', () => {
    const alerts = dedupeAlerts([
      buildAlert('fp1', 'HighErrors', 'checkout', 'firing', T0),
      buildAlert('fp1', 'HighErrors', 'checkout', 'resolved', T0, T0 + 5 * MIN),
      buildAlert('fp1', 'HighErrors', 'checkout', 'firing', T0 + 20 * MIN),
    ]);
    expect(alerts.map((a) => [a.firingAtMs, a.resolvedAtMs])).toEqual([[T0, T0 + 5 * MIN], [T0 + 20 * MIN, undefined]]);
  });

  it('keeps different fingerprints apart and orders by firing time', () => {
    const alerts = dedupeAlerts([buildAlert('b', 'B', 'x', 'firing', T0 + MIN), buildAlert('a', 'A', 'y', 'firing', T0)]);
    expect(alerts.map((a) => a.name)).toEqual(['A', 'B']);
  });
});
