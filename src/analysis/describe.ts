import type { ChangeEvent } from '../domain/index.ts';
import type { Alert } from './dedupe-alerts.ts';
import type { SeriesAnomaly } from './detect-anomaly.ts';
import { upstreamOf } from './metric-family.ts';
import { toIso } from './time.ts';

/** `15:02:11` (UTC): enough inside one incident; the report's times carry full dates. */
export function clock(ms: number): string {
  return toIso(ms).slice(11, 19);
}

/** Human-readable value in the metric's own unit (ratios as %, seconds as ms/s, bytes as MiB/GiB). */
export function formatValue(name: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (/ratio|availability|utilization|percent/.test(name) && Math.abs(value) <= 1.5) return `${round(value * 100)}%`;
  if (/seconds/.test(name)) return Math.abs(value) < 1 ? `${round(value * 1000)} ms` : `${round(value)} s`;
  if (/bytes/.test(name)) return Math.abs(value) >= 2 ** 30 ? `${round(value / 2 ** 30)} GiB` : `${round(value / 2 ** 20)} MiB`;
  if (/usd|cost/.test(name)) return `$${round(value)}`;
  return String(round(value));
}

function round(x: number): number {
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3;
  return Number(x.toFixed(digits));
}

/** "checkout http_request_error_ratio rose from 0.2% to 18.4% (41σ) from 15:00:30" */
export function describeAnomaly(a: SeriesAnomaly): string {
  const name = a.series.name;
  const upstream = upstreamOf(name, a.series.labels);
  const subject = upstream ? `${a.series.service} → ${upstream} ${name}` : `${a.series.service} ${name}`;
  const verb = a.gradual ? (a.direction === 'up' ? 'grew steadily' : 'declined steadily') : a.direction === 'up' ? 'rose' : 'fell';
  const recovered = a.recoveredMs === undefined ? ', not recovered by the end of the data' : `, back to normal at ${clock(a.recoveredMs)}`;
  return `${subject} ${verb} from ${formatValue(name, a.baseline)} to ${formatValue(name, a.anomalous)} (${Math.round(a.zScore)}σ) from ${clock(a.onsetMs)}${recovered}`;
}

/** "deploy of payments v2.4.1 (was v2.4.0) by alice at 14:58:40: Bump stripe client" */
export function describeChange(c: ChangeEvent): string {
  const version = c.version ? ` ${/^v?\d+\./.test(c.version) ? c.version : `version ${c.version}`}${c.previousVersion ? ` (was ${c.previousVersion})` : ''}` : '';
  const author = c.author ? ` by ${c.author}` : '';
  const what = c.description ? `: ${c.description}` : '';
  return `${c.type} of ${c.service}${version}${author} at ${clock(c.timeMs)}${what}`;
}

/**
 * "HighErrorRate (checkout): checkout is returning errors"; a PagerDuty incident reads
 * "PagerDuty #8879 (frontend, high urgency): <title>" (its title is also its summary, said once).
 */
export function describeAlert(a: Alert): string {
  if (a.origin === 'pagerduty') {
    const number = a.labels.incident_number ? ` #${a.labels.incident_number}` : '';
    const context = [a.service, a.labels.urgency && `${a.labels.urgency} urgency`].filter(Boolean).join(', ');
    return `PagerDuty${number}${context ? ` (${context})` : ''}: ${a.name}`;
  }
  const summary = a.summary && a.summary !== a.name ? `: ${a.summary}` : '';
  return `${a.name}${a.service ? ` (${a.service})` : ''}${summary}`;
}

/** "45 s", "3 min 20 s", "1 h 4 min" for a duration in ms (sign ignored). */
export function describeGap(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "Deploy of …" from "deploy of …". */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
