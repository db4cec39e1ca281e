/**
 * One scratch array for every selection: the analysis takes medians of thousands of baselines, and a fresh
 * array each time is fresh memory to touch (see evals/BENCH.md). Selections never nest, so one suffices.
 */
let scratchBuffer = new Float64Array(4096);

function scratch(n: number): Float64Array {
  if (scratchBuffer.length < n) scratchBuffer = new Float64Array(Math.max(n, scratchBuffer.length * 2));
  return scratchBuffer.subarray(0, n);
}

/** Median of `values[from..to)` (copies the slice; input untouched). NaN for an empty range. */
export function median(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  const copy = scratch(n);
  for (let i = 0; i < n; i++) copy[i] = values[from + i]!;
  return medianInPlace(copy);
}

/** The k-th smallest of `values` (0-based; copies them, input untouched): `sorted[k]` without the sort. */
export function kthSmallest(values: ArrayLike<number>, k: number): number {
  const copy = scratch(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i]!;
  return select(copy, k);
}

/** Median absolute deviation around `center`, scaled by 1.4826 so that it estimates σ for normal noise. */
export function robustSigma(values: ArrayLike<number>, center: number, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  const deviations = scratch(n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs(values[from + i]! - center);
  return 1.4826 * medianInPlace(deviations);
}

/** Median of a scratch array, reordering it: selection in linear time instead of a full sort (baselines hold thousands of samples). */
function medianInPlace(xs: Float64Array): number {
  const mid = xs.length >> 1;
  const upper = select(xs, mid);
  if (xs.length % 2) return upper;
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < mid; i++) if (xs[i]! > lower) lower = xs[i]!; // after selection, xs[0..mid) holds the smaller half
  return (lower + upper) / 2;
}

/** The k-th smallest value (0-based), by Hoare's selection with a median-of-three pivot; partitions `xs` around it. */
function select(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    const pivot = medianOfThree(xs[lo]!, xs[m]!, xs[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
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
