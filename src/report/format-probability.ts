/** `82%`; never claims certainty: `>99%` and `<1%` at the ends. */
export function formatProbability(p: number): string {
  if (p >= 0.995) return '>99%';
  if (p > 0 && p < 0.005) return '<1%';
  return `${Math.round(p * 100)}%`;
}
