import { describe, expect, it } from 'vitest';
import { profileMetric } from './metric-family.ts';

describe('profileMetric', () => {
  it.each([
    ['http_request_error_ratio', 'errors', 'up'],
    ['rate(http_requests_total) error ratio', 'errors', 'up'],
    ['http_server_request_duration_p99_milliseconds', 'latency', 'up'],
    ['up', 'availability', 'down'],
    ['rate(kube_pod_container_status_restarts_total)', 'errors', 'up'],
    ['rate(container_oom_events_total)', 'memory', 'up'],
    ['container_memory_working_set_bytes', 'memory', 'up'],
    ['hikaricp_connections_active', 'connections', 'up'],
    ['rate(container_cpu_usage_seconds_total)', 'cpu', 'up'],
    ['http_requests_per_second', 'traffic', 'both'],
    ['rate(http_requests_total)', 'traffic', 'both'],
    ['cache_hit_ratio', 'other', 'both'],
    ['node_memory_MemAvailable_bytes', 'memory', 'down'],
    ['node_filesystem_free_bytes', 'memory', 'down'],
    ['hikaricp_connections_idle', 'connections', 'down'],
    ['disk_remaining_ratio', 'saturation', 'down'],
    ['memory_unavailable_bytes', 'memory', 'up'],
  ])('%s is %s, bad when it goes %s', (name, family, bad) => {
    expect(profileMetric(name)).toMatchObject({ family, bad });
  });

  it('marks series that describe a called service as client-side', () => {
    expect(profileMetric('upstream_request_error_ratio', { upstream: 'stripe' }).clientSide).toBe(true);
    expect(profileMetric('http_request_error_ratio', { service: 'api' }).clientSide).toBe(false);
  });
});
