/**
 * A Loki timestamp (unix nanoseconds as a decimal string, `"1772636531123456789"`) → unix milliseconds.
 * The whole milliseconds are exact (string slicing, not a 19-digit float); the sub-millisecond part is
 * kept as a fraction. Returns undefined unless the text is 1–20 digits.
 */
export function lokiNsToMs(ns: string): number | undefined {
  const len = ns.length;
  if (len === 0 || len > 20) return undefined;
  for (let i = 0; i < len; i++) {
    const c = ns.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (len <= 6) return Number(ns) / 1e6;
  return Number(ns.slice(0, len - 6)) + Number(ns.slice(len - 6)) / 1e6;
}
