/**
 * Change-point estimate of when an episode began: the split `b` in [from, runStart] that best explains
 * `values[from..peak]` as "flat, then a straight line" (least squares). A step gets its exact sample, a
 * ramp or a leak the sample where the growth started, which a threshold crossing would place too late.
 * `sign` is +1 when the bad direction is up.
 */
export function findOnsetIndex(values: Float64Array, from: number, runStart: number, peak: number, sign: number): number {
  const n = peak - from + 1;
  // An episode at its worst from its first sample is a step: a two-point "line" through the last
  // normal sample would fit it perfectly and date it one sample early.
  if (n < 4 || runStart <= from || peak <= runStart) return runStart;
  // Work on standardised values so that sums of squares stay well within double precision.
  let mean = 0;
  for (let i = from; i <= peak; i++) mean += values[i]!;
  mean /= n;
  let spread = 0;
  for (let i = from; i <= peak; i++) spread += Math.abs(values[i]! - mean);
  spread = spread / n || 1;

  // Suffix sums for the linear segment [b, peak]; prefix sums for the flat segment [from, b).
  const sy = new Float64Array(n + 1);
  const syy = new Float64Array(n + 1);
  const sx = new Float64Array(n + 1);
  const sxx = new Float64Array(n + 1);
  const sxy = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const y = (sign * (values[from + k]! - mean)) / spread;
    sy[k + 1] = sy[k]! + y;
    syy[k + 1] = syy[k]! + y * y;
    sx[k + 1] = sx[k]! + k;
    sxx[k + 1] = sxx[k]! + k * k;
    sxy[k + 1] = sxy[k]! + k * y;
  }
  let bestB = runStart;
  let bestSse = Number.POSITIVE_INFINITY;
  const lastB = Math.min(runStart, peak - 1) - from;
  for (let b = 1; b <= lastB; b++) {
    const flatSse = syy[b]! - (sy[b]! * sy[b]!) / b;
    const m = n - b;
    const ySum = sy[n]! - sy[b]!;
    const yySum = syy[n]! - syy[b]!;
    const xSum = sx[n]! - sx[b]!;
    const xxSum = sxx[n]! - sxx[b]!;
    const xySum = sxy[n]! - sxy[b]!;
    const cxx = xxSum - (xSum * xSum) / m;
    const cxy = xySum - (xSum * ySum) / m;
    const cyy = yySum - (ySum * ySum) / m;
    const lineSse = cxx > 0 ? cyy - (cxy * cxy) / cxx : cyy;
    const sse = flatSse + lineSse;
    // The episode must sit on the bad side of what came before it.
    if (ySum / m <= sy[b]! / b) continue;
    if (sse < bestSse - 1e-9) { bestSse = sse; bestB = from + b; }
  }
  return bestB;
}
