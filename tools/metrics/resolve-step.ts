/**
 * The step of a range query: the requested (or default) step, raised to whole seconds when
 * `(end - start) / step + 1` would exceed `maxPoints`. `downsampled` says it was raised.
 */
export function resolveStep(rangeMs: number, maxPoints: number, stepSeconds: number): { stepSeconds: number; downsampled: boolean } {
  const rangeSeconds = Math.max(0, rangeMs / 1000);
  const minimum = maxPoints > 1 ? rangeSeconds / (maxPoints - 1) : Math.max(rangeSeconds, 1);
  if (stepSeconds >= minimum) return { stepSeconds, downsampled: false };
  return { stepSeconds: Math.max(1, Math.ceil(minimum)), downsampled: true };
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/**
 * Seconds of a step given as a number (`30`, `"30"`, `"0.5"`) or a Prometheus duration (`"1m30s"`, `"5m"`).
 * Returns undefined for anything else or a step that is not positive.
 */
export function parseStepSeconds(step: string | number): number | undefined {
  if (typeof step === 'number') return Number.isFinite(step) && step > 0 ? step : undefined;
  const text = step.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) > 0 ? Number(text) : undefined;
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) seconds += Number(n) * (UNIT_SECONDS[unit as string] as number);
  return seconds > 0 ? seconds : undefined;
}
