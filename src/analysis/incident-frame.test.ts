import { describe, expect, it } from 'vitest';
import { dedupeAlerts } from './dedupe-alerts.ts';
import { buildIncidentFrame } from './incident-frame.ts';
import { buildAlert, buildBundle } from './testing/build-bundle.ts';

const at = (hhmm: string) => Date.parse(`2026-03-04T${hhmm}Z`);

describe('buildIncidentFrame', () => {
  const frameWith = (...alerts: ReturnType<typeof buildAlert>[]) => {
    const bundle = buildBundle({ openedAt: '2026-03-04T15:30:00Z', alerts });
    return buildIncidentFrame(bundle, dedupeAlerts(bundle.alerts));
  };

  it('dates the first page from the earliest alert of the two hours before the declaration', () => {
    const frame = frameWith(buildAlert('a', 'HighErrorRate', 'checkout', 'firing', at('15:05:00')), buildAlert('b', 'Latency', 'search', 'firing', at('14:50:00')));
    expect(frame.firstPageMs).toBe(at('14:50:00'));
  });

  it('ignores an alert that had cleared long before the incident was declared', () => {
    const blip = [buildAlert('old', 'HighErrorRate', 'orders', 'firing', at('14:20:00')), buildAlert('old', 'HighErrorRate', 'orders', 'resolved', at('14:20:00'), at('14:31:00'))];
    expect(frameWith(...blip, buildAlert('cost', 'CloudCostHigh', 'checkout', 'firing', at('15:25:00'))).firstPageMs).toBe(at('15:25:00'));
    // Still firing (or cleared only just before the declaration): it paged for this incident.
    const recent = [buildAlert('late', 'HighErrorRate', 'orders', 'firing', at('14:20:00')), buildAlert('late', 'HighErrorRate', 'orders', 'resolved', at('14:20:00'), at('15:20:00'))];
    expect(frameWith(...recent).firstPageMs).toBe(at('14:20:00'));
  });

  it('falls back to the declaration when nothing paged', () => {
    expect(frameWith().firstPageMs).toBe(at('15:30:00'));
  });
});
