/** What a metric measures, which decides which direction is "bad" and how small a change still matters. */
export type MetricFamily =
  | 'errors' | 'latency' | 'traffic' | 'cpu' | 'memory' | 'connections' | 'queue' | 'lag' | 'cost'
  | 'availability' | 'saturation' | 'other';

export type BadDirection = 'up' | 'down' | 'both';

export interface MetricProfile {
  family: MetricFamily;
  bad: BadDirection;
  /** Smallest absolute change that counts as an anomaly, in the metric's unit. */
  minAbsChange: number;
  /** Smallest change relative to the baseline level that counts. */
  minRelChange: number;
  /** True for client-side metrics that describe a called service (`upstream` label). */
  clientSide: boolean;
}

const RULES: ReadonlyArray<[RegExp, Omit<MetricProfile, 'clientSide'>]> = [
  // `up` is Prometheus's own scrape health: 1 while the target answers, 0 once it is down.
  [/^up$|availability|success_ratio|success_rate|uptime/, { family: 'availability', bad: 'down', minAbsChange: 0.005, minRelChange: 0.005 }],
  // Restarts and crashes (`kube_pod_container_status_restarts_total`) are failures; a rate of them is tiny.
  [/restart|crash|panic/, { family: 'errors', bad: 'up', minAbsChange: 0.001, minRelChange: 0.5 }],
  [/error|fail|5xx|exception|reject|timeout/, { family: 'errors', bad: 'up', minAbsChange: 0.01, minRelChange: 0.5 }],
  [/duration|latency|response_time|_p\d\d|seconds_(avg|mean)/, { family: 'latency', bad: 'up', minAbsChange: 0.02, minRelChange: 0.3 }],
  [/cost|usd|dollar|spend/, { family: 'cost', bad: 'up', minAbsChange: 0, minRelChange: 0.3 }],
  [/lag/, { family: 'lag', bad: 'up', minAbsChange: 1, minRelChange: 1 }],
  [/conn|pool|session/, { family: 'connections', bad: 'up', minAbsChange: 2, minRelChange: 0.3 }],
  [/queue|backlog|pending|depth/, { family: 'queue', bad: 'up', minAbsChange: 5, minRelChange: 0.5 }],
  [/memory|heap|rss|bytes|oom/, { family: 'memory', bad: 'up', minAbsChange: 0, minRelChange: 0.15 }],
  [/cpu/, { family: 'cpu', bad: 'up', minAbsChange: 0.05, minRelChange: 0.3 }],
  [/saturation|utilization|usage|disk|inode|fd|thread/, { family: 'saturation', bad: 'up', minAbsChange: 0, minRelChange: 0.25 }],
  [/requests|rps|throughput|rate|qps|count|total/, { family: 'traffic', bad: 'both', minAbsChange: 0, minRelChange: 0.35 }],
];

const HEADROOM = /free|(?<!un)avail|remaining|headroom|idle/;
const HEADROOM_FAMILIES: ReadonlySet<MetricFamily> = new Set(['memory', 'saturation', 'connections', 'cpu']);

/** Classifies a metric by its name (and whether it carries an `upstream`-style label). */
export function profileMetric(name: string, labels: Readonly<Record<string, string>> = {}): MetricProfile {
  const lower = name.toLowerCase();
  const clientSide = upstreamOf(name, labels) !== undefined;
  for (const [pattern, profile] of RULES) {
    if (!pattern.test(lower)) continue;
    // Free memory, available disk, idle connections: what is left of a resource runs out going down.
    const headroom = HEADROOM_FAMILIES.has(profile.family) && HEADROOM.test(lower);
    return { ...profile, ...(headroom ? { bad: 'down' as const } : {}), clientSide };
  }
  return { family: 'other', bad: 'both', minAbsChange: 0, minRelChange: 0.5, clientSide };
}

const UPSTREAM_LABELS = ['upstream', 'upstream_service', 'target_service', 'dependency', 'peer_service', 'destination_service', 'remote_service', 'callee'];

/** The called service a client-side metric describes, if any. */
export function upstreamOf(name: string, labels: Readonly<Record<string, string>>): string | undefined {
  for (const key of UPSTREAM_LABELS) {
    const value = labels[key];
    if (value) return value;
  }
  return undefined;
}

const FAILURE_FAMILIES: ReadonlySet<MetricFamily> = new Set(['errors', 'latency', 'availability', 'cpu', 'memory', 'connections', 'queue', 'lag', 'saturation']);
const SYMPTOM_FAMILIES: ReadonlySet<MetricFamily> = new Set(['errors', 'latency', 'availability']);

/** Families whose anomalies mean a service is failing (not merely busier or pricier). */
export function isFailureFamily(family: MetricFamily): boolean {
  return FAILURE_FAMILIES.has(family);
}

/** Families that users feel directly: errors, slowness, unavailability. */
export function isSymptomFamily(family: MetricFamily): boolean {
  return SYMPTOM_FAMILIES.has(family);
}
