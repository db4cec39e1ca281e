import type { ServiceGraph } from './build-topology.ts';
import type { LogPattern } from './fault-types.ts';
import { formatLogLine } from './log-format.ts';
import type { Rng } from './rng.ts';

type LineMaker = (r: Rng) => { msg: string; fields: Record<string, string | number> };

/** One generated log line. */
export interface LogLine {
  timeMs: number;
  service: string;
  level: string;
  line: string;
}

const InfoLines: LineMaker[] = [
  (r: Rng) => ({ msg: 'request completed', fields: { status: 200, duration_ms: r.int(3, 400) } }),
  (r: Rng) => ({ msg: 'cache stats', fields: { hits: r.int(1000, 90000), misses: r.int(10, 4000) } }),
  (r: Rng) => ({ msg: 'config reloaded', fields: { revision: r.int(100, 999) } }),
  (r: Rng) => ({ msg: 'health check ok', fields: { uptime_s: r.int(1000, 900000) } }),
  (r: Rng) => ({ msg: 'flushed metrics batch', fields: { points: r.int(200, 5000) } }),
];
const WarnNoise: LineMaker[] = [
  (r: Rng) => ({ msg: `slow query took ${r.int(800, 3000)}ms`, fields: { table: r.pick(['events', 'users', 'audit']) } }),
  (r: Rng) => ({ msg: 'deprecated API version v1 used by client', fields: { client: r.pick(['ios-4.2', 'partner-x', 'legacy-cron']) } }),
  (_r: Rng) => ({ msg: 'client disconnected before response was written', fields: {} }),
  (r: Rng) => ({ msg: 'retrying connection to redis', fields: { attempt: 1, after_ms: r.int(10, 200) } }),
];
const ErrorNoise: LineMaker[] = [
  (r: Rng) => ({ msg: 'failed to send metrics batch: timeout', fields: { points: r.int(100, 900) } }),
  (r: Rng) => ({ msg: 'invalid JWT: token expired', fields: { sub: `user_${r.int(1000, 99999)}` } }),
  (r: Rng) => ({ msg: `could not parse request body: unexpected EOF`, fields: { remote: `10.2.${r.int(0, 255)}.${r.int(1, 254)}` } }),
  (r: Rng) => ({ msg: 'webhook delivery failed, will retry', fields: { status: r.pick([500, 502, 410]) } }),
];

/** Lines of a pattern between its start and its end (or the mitigation), at its rate. */
export function expandPattern(rng: Rng, p: LogPattern, untilMs: number, mitigationMs: number, maxLines = 400): LogLine[] {
  const out: LogLine[] = [];
  const end = Math.min(untilMs, p.endMs ?? mitigationMs);
  const meanGapMs = 60_000 / Math.max(0.01, p.perMinute);
  let t = p.startMs + rng.float() * meanGapMs;
  while (t < end && out.length < maxLines) {
    out.push({ timeMs: Math.round(t), service: p.service, level: p.level, line: p.render(rng, Math.round(t)) });
    t += -Math.log(Math.max(1e-6, rng.float())) * meanGapMs;
  }
  return out;
}

/** Background logs of every service: sparse info, some warnings, a few unrelated errors. */
export function backgroundLogs(rng: Rng, graph: ServiceGraph, startMs: number, endMs: number): LogLine[] {
  const out: LogLine[] = [];
  for (const s of graph.services) {
    const pick = (bank: LineMaker[], level: 'info' | 'warn' | 'error', perHour: number) => {
      const pattern: LogPattern = {
        service: s.name, level, startMs, endMs, perMinute: perHour / 60,
        render: (r, t) => {
          const { msg, fields } = r.pick(bank)(r);
          return formatLogLine(s.name, level, t, msg, fields);
        },
      };
      out.push(...expandPattern(rng, pattern, endMs, endMs, 200));
    };
    pick(InfoLines, 'info', rng.range(0.3, 1.5));
    if (rng.chance(0.3)) pick(WarnNoise, 'warn', rng.range(0.5, 2));
    if (rng.chance(0.2)) pick(ErrorNoise, 'error', rng.range(0.3, 1.2));
  }
  return out;
}
