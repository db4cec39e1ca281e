import type { CalibrationPoint } from './score-scenario.ts';

/**
 * Expected calibration error with `bins` equal-width confidence bins over [0, 1]:
 * Σ_b (n_b / N) · |accuracy_b − mean confidence_b|. A confidence of exactly 1 falls in the last bin.
 * Undefined for no points.
 */
export function expectedCalibrationError(points: readonly CalibrationPoint[], bins = 10): number | undefined {
  if (points.length === 0) return undefined;
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (const p of points) {
    const c = Math.min(1, Math.max(0, p.confidence));
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]! += 1;
    conf[b]! += c;
    if (p.correct) hits[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b]!;
    if (n === 0) continue;
    ece += (n / points.length) * Math.abs(hits[b]! / n - conf[b]! / n);
  }
  return ece;
}
