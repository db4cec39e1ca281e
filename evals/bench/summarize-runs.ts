/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of repeated measurements. */
export interface RunSummary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarizeRuns(values: readonly number[]): RunSummary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/**
 * How cost grows with input: for consecutive scales, the ratio of costs next to the ratio of
 * inputs, and the exponent `log(costRatio) / log(scaleRatio)` (1 = linear, < 1 = sub-linear).
 */
export interface Growth {
  from: number;
  to: number;
  scaleRatio: number;
  costRatio: number;
  exponent: number;
}

export function growthRatios(points: readonly { scale: number; cost: number }[]): Growth[] {
  const sorted = [...points].sort((a, b) => a.scale - b.scale);
  const out: Growth[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const scaleRatio = b.scale / a.scale;
    const costRatio = b.cost / a.cost;
    out.push({ from: a.scale, to: b.scale, scaleRatio, costRatio, exponent: Math.log(costRatio) / Math.log(scaleRatio) });
  }
  return out;
}
