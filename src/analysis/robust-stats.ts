/** Median of `values[from..to)` (copies the slice; input untouched). NaN for an empty range. */
export function median(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[from + i]!;
  sorted.sort();
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation around `center`, scaled by 1.4826 so that it estimates σ for normal noise. */
export function robustSigma(values: ArrayLike<number>, center: number, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs(values[from + i]! - center);
  return 1.4826 * median(deviations);
}

/** `q`-quantile (0..1) by linear interpolation over a copy of the values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
