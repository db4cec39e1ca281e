/** RFC 3339 UTC with seconds precision, e.g. `2026-03-04T15:02:11Z`. */
export function toIso(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
