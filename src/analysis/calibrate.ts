/**
 * Turns candidate scores (log-odds-like) into probabilities that sum to at most 1: a softmax with
 * temperature that also holds a "none of these" slot scored `nullScore`, so a field of weak
 * candidates keeps low confidences instead of splitting 1 among them. Constants fitted on the dev
 * scenarios (see evals/RESULTS.md for the calibration error they give on held-out scenarios).
 */
export const CALIBRATION = { temperature: 1.0, nullScore: 2.5 } as const;

export function scoresToProbabilities(scores: readonly number[], calibration = CALIBRATION): number[] {
  if (scores.length === 0) return [];
  const scaled = scores.map((s) => s / calibration.temperature);
  const nullScaled = calibration.nullScore / calibration.temperature;
  const max = Math.max(nullScaled, ...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0) + Math.exp(nullScaled - max);
  return exps.map((e) => e / total);
}
