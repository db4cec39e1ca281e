import { describe, expect, it } from 'vitest';
import { analyzeIncident } from './analyze-incident.ts';
import { MIN, T0, buildBundle, buildChange, buildLog, buildSeries, stepAt } from './testing/build-bundle.ts';

const ONSET = T0 + 180 * MIN;
const base = (extra: Parameters<typeof buildBundle>[0]) =>
  buildBundle({ openedAt: new Date(ONSET + 3 * MIN).toISOString(), resolvedAt: new Date(ONSET + 60 * MIN).toISOString(), ...extra });
const errors = (service: string) => buildSeries('http_request_error_ratio', service, stepAt(0.002, 0.2, ONSET, ONSET + 40 * MIN, 0.2, 7));

describe('root-cause kind', () => {
  it.each([
    ['a deploy just before the errors', { changes: [buildChange('d1', 'api', 'deploy', ONSET - 2 * MIN)] }, 'deploy'],
    ['a feature flag', { changes: [buildChange('f1', 'api', 'feature_flag', ONSET - 2 * MIN)] }, 'feature-flag'],
    ['expired certificates in the logs', { logs: Array.from({ length: 5 }, (_, i) => buildLog('api', 'error', 'x509: certificate has expired', ONSET + i * MIN)) }, 'certificate'],
    ['nothing but errors', {}, 'unknown'],
  ])('%s', (_name, extra, kind) => {
    const { rootCauses } = analyzeIncident(base({ metrics: [errors('api')], ...extra }));
    expect(rootCauses[0]).toMatchObject({ service: 'api', kind });
  });

  it('calls memory that grew for hours a resource leak even when a deploy started it', () => {
    const memory = buildSeries('process_memory_bytes', 'api', (i, t) => 5e8 + Math.max(0, t - (T0 + 60 * MIN)) / 1000 * 2e4 + (i % 3) * 1e6);
    const { rootCauses } = analyzeIncident(base({ metrics: [memory, errors('api')], changes: [buildChange('d1', 'api', 'deploy', T0 + 59 * MIN)] }));
    expect(rootCauses[0]).toMatchObject({ service: 'api', kind: 'resource-leak' });
  });
});
