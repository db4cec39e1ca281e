import { describe, expect, it } from 'vitest';
import { findLogPatterns, templateLogLine } from './log-patterns.ts';
import { MIN, T0, buildLog } from './testing/build-bundle.ts';

describe('templateLogLine', () => {
  it.each([
    ['timeout after 3000ms calling payments req=8812', 'timeout after <n> calling payments req=<v>'],
    ['{"level":"error","ts":"2026-03-04T15:00:01Z","msg":"dial tcp: lookup redis.prod on 10.0.0.2:53: i/o timeout","trace_id":"ab12cd34"}', 'dial tcp: lookup redis.prod on <ip>: i/o timeout'],
    ['level=error ts=2026-03-04T15:00:01Z msg="invalid JWT: token expired" sub=user_4642', 'invalid JWT: token expired'],
    ['2026-03-04 15:00:01.123 ERROR [http-nio-8080-exec-3] c.e.App - load shedding: dropping request, inflight=512 caller=recs', 'c.e.App - load shedding: dropping request, inflight=<v> caller=<v>'],
    ['WARN: retrying request to catalog (attempt 3/8) after error: 503 Service Unavailable (backoff_ms=0, trace_id=be3e4)', 'retrying request to catalog (attempt <n>/<n>) after error: <n> Service Unavailable (backoff_ms=<v>, trace_id=<v>)'],
    ['user 5f0c6a2e-1b7d-4c1e-9a8b-0a1b2c3d4e5f not found', 'user <uuid> not found'],
    ['connect to 10.0.3.17:5432 refused', 'connect to <ip> refused'],
    ['trace 4bf92f3577b34da6a3ce929d0e0e4736 failed', 'trace <hex> failed'],
    ['invalid key "sk_live_abc"', 'invalid key <str>'],
  ])('%j → %j', (line, template) => {
    expect(templateLogLine(line)).toBe(template);
  });
});

describe('findLogPatterns', () => {
  it('reports patterns that are new or surged in the incident window, not steady background errors', () => {
    const logs = [
      ...Array.from({ length: 30 }, (_, i) => buildLog('search', 'error', `slow query took ${i}ms`, T0 + i * 4 * MIN)),
      ...Array.from({ length: 10 }, (_, i) => buildLog('payments', 'error', `401 Unauthorized from stripe req=${i}`, T0 + 130 * MIN + i * 1000)),
    ];
    const patterns = findLogPatterns(logs, T0, T0 + 120 * MIN, T0 + 120 * MIN, T0 + 180 * MIN);
    expect(patterns.map((p) => [p.service, p.isNew])).toEqual([['payments', true]]);
    expect(patterns[0]!.incidentCount).toBe(10);
  });
});
