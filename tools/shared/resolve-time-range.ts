import { parseRfc3339Ms } from '../../src/ingest/index.ts';
import { ToolArgumentError } from './tool-argument-error.ts';

/** An inclusive time window in unix milliseconds; an absent bound is open. */
export interface TimeRangeMs {
  startMs?: number;
  endMs?: number;
}

/**
 * Turns the `start`/`end` RFC 3339 arguments of a tool into milliseconds. Throws ToolArgumentError
 * naming the argument when one is not RFC 3339 or when `start` is after `end`.
 */
export function resolveTimeRange(args: { start?: string | undefined; end?: string | undefined }): TimeRangeMs {
  const startMs = toMs('start', args.start);
  const endMs = toMs('end', args.end);
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    throw new ToolArgumentError('start', `at or before end (${args.end})`, args.start);
  }
  return { startMs, endMs };
}

/** True when `timeMs` lies inside the window (bounds included). */
export function inTimeRange(timeMs: number, range: TimeRangeMs): boolean {
  return (range.startMs === undefined || timeMs >= range.startMs) && (range.endMs === undefined || timeMs <= range.endMs);
}

function toMs(argument: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseRfc3339Ms(text);
  if (ms === undefined) throw new ToolArgumentError(argument, 'an RFC 3339 timestamp like 2026-03-04T15:02:11Z', text);
  return ms;
}
