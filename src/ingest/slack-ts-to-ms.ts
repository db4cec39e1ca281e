/**
 * Slack `ts` (`"1772636531.000200"`: unix seconds, 6-digit fraction) → unix milliseconds, keeping the
 * sub-millisecond part as a fraction so messages within one millisecond still sort by `ts`.
 * Returns undefined when `ts` is not `<digits>[.<digits>]`.
 */
export function slackTsToMs(ts: string): number | undefined {
  const dot = ts.indexOf('.');
  const seconds = dot === -1 ? ts : ts.slice(0, dot);
  const fraction = dot === -1 ? '' : ts.slice(dot + 1);
  if (!/^\d+$/.test(seconds) || (dot !== -1 && !/^\d+$/.test(fraction))) return undefined;
  const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
  return Number(seconds) * 1000 + micros / 1000;
}
