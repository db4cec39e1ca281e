import type { BenchRng } from './bench-rng.ts';
import type { LargeIncidentPlan } from './plan-large-incident.ts';

interface LogLine {
  service: string;
  level: 'info' | 'warn' | 'error';
  timeMs: number;
  line: string;
}

/** One rendered Loki `query_range` response, for one team's services. */
export interface RenderedLogFile {
  name: string;
  json: string;
  lines: number;
}

const PATHS = ['/v1/items', '/v1/orders', '/v1/cart', '/v2/search', '/v1/users/me', '/v1/quote', '/healthz', '/v1/sessions'];
const INFO = [
  (r: BenchRng) => `msg="request completed" method=${r.pick(['GET', 'POST', 'PUT'])} path=${r.pick(PATHS)} status=200 duration_ms=${r.int(2, 400)}`,
  (r: BenchRng) => `msg="cache refresh finished" entries=${r.int(100, 90_000)} took_ms=${r.int(5, 900)}`,
  (r: BenchRng) => `msg="consumer committed offsets" partition=${r.int(0, 31)} offset=${r.int(1e5, 9e6)}`,
  (r: BenchRng) => `msg="scheduled job done" job=${r.pick(['compaction', 'reindex', 'ttl-sweep', 'report'])} rows=${r.int(0, 50_000)}`,
];
const WARN = [
  (r: BenchRng) => `msg="slow request" path=${r.pick(PATHS)} duration_ms=${r.int(800, 4_000)}`,
  (r: BenchRng) => `msg="retrying request" attempt=${r.int(1, 3)} reason="connection reset by peer"`,
  (r: BenchRng) => `msg="connection pool near capacity" in_use=${r.int(40, 50)} max=50`,
];
const ERROR = [
  (r: BenchRng) => `msg="request failed" path=${r.pick(PATHS)} status=500 err="context deadline exceeded"`,
  (r: BenchRng) => `msg="failed to publish event" topic=${r.pick(['orders', 'audit', 'billing'])} err="broker not available"`,
];

/** Share of the log lines that belong to the fault (the faulty service and its callers). */
const FAULT_SHARE = 0.15;

/**
 * The log lines of the incident as Loki responses, one file per team, streams keyed by
 * (service, level), values in time order: background traffic over the whole window plus the
 * fault's errors (a new exception in the faulty service, upstream failures in its callers).
 */
export function renderLogFiles(plan: LargeIncidentPlan, rng: BenchRng): RenderedLogFile[] {
  const lines: LogLine[] = [];
  const faultLines = Math.round(plan.counts.logs * FAULT_SHARE);
  const { fault } = plan;
  const affected = [...fault.affected.entries()];
  for (let i = 0; i < faultLines; i++) {
    const [service, hit] = i % 5 < 3 ? [fault.service, fault.affected.get(fault.service)!] : rng.pick(affected);
    const timeMs = Math.round(rng.range(hit.onsetMs, hit.recoveredMs));
    const traceId = rng.hex(16);
    const line = hit.via === undefined
      ? `level=error msg="unhandled exception in handler" path=/v1/authorize version=${fault.version} err="NullPointerException: TokenIssuer.resolve() returned null" trace_id=${traceId}`
      : `level=error msg="upstream request failed" upstream=${hit.via} status=${rng.pick([500, 502, 503])} retries=3 trace_id=${traceId}`;
    lines.push({ service, level: 'error', timeMs, line });
  }
  const span = plan.windowEndMs - plan.windowStartMs;
  for (let i = faultLines; i < plan.counts.logs; i++) {
    const service = rng.pick(plan.services).name;
    const roll = rng.float();
    const level = roll < 0.8 ? 'info' : roll < 0.95 ? 'warn' : 'error';
    const template = rng.pick(level === 'info' ? INFO : level === 'warn' ? WARN : ERROR);
    const timeMs = plan.windowStartMs + Math.floor(rng.float() * span);
    lines.push({ service, level, timeMs, line: `level=${level} ${template(rng)} trace_id=${rng.hex(16)}` });
  }
  lines.sort((a, b) => a.timeMs - b.timeMs);

  const teamOf = new Map(plan.services.map((s) => [s.name, s.team]));
  const byTeam = new Map<string, Map<string, LogLine[]>>();
  for (const entry of lines) {
    const team = teamOf.get(entry.service) ?? 'platform';
    const streams = byTeam.get(team) ?? new Map<string, LogLine[]>();
    byTeam.set(team, streams);
    const key = `${entry.service}\u0000${entry.level}`;
    const stream = streams.get(key) ?? [];
    stream.push(entry);
    streams.set(key, stream);
  }
  return [...byTeam.entries()].map(([team, streams]) => {
    const result = [...streams.values()].map((stream) => {
      const first = stream[0]!;
      const values = stream.map((e, i) => `[${JSON.stringify(lokiNs(e.timeMs, i))},${JSON.stringify(e.line)}]`);
      return `{"stream":{"service":"${first.service}","level":"${first.level}","namespace":"prod","container":"${first.service}"},"values":[${values.join(',')}]}`;
    });
    const json = `{"status":"success","data":{"resultType":"streams","result":[${result.join(',')}],"stats":{}}}`;
    return { name: `${team}.json`, json, lines: [...streams.values()].reduce((n, s) => n + s.length, 0) };
  });
}

/** Loki timestamps: unix nanoseconds as a string; `seq` keeps equal milliseconds distinct. */
function lokiNs(timeMs: number, seq: number): string {
  return `${timeMs}${String(seq % 1_000_000).padStart(6, '0')}`;
}
