/**
 * A Loki timestamp (unix nanoseconds as a decimal string, `"1772636531123456789"`) → unix milliseconds.
 * The whole milliseconds are exact (string slicing, not a 19-digit float) and the sub-millisecond part is
 * kept to the microsecond, truncated (`…530999999999` → `…530999.999`, never rounded up into the next
 * millisecond: a double near 1.8e12 resolves about 0.24 µs). Returns undefined unless the text is 1–20 digits.
 */
export function lokiNsToMs(ns: string): number | undefined {
  const len = ns.length;
  if (len === 0 || len > 20) return undefined;
  for (let i = 0; i < len; i++) {
    const c = ns.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const padded = len < 7 ? ns.padStart(7, '0') : ns;
  const micros = Number(padded.slice(padded.length - 6, padded.length - 3));
  return Number(padded.slice(0, padded.length - 6)) + micros / 1000;
}
