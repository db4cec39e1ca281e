const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `45s`, `30m`, `2h`, `7d` → milliseconds: a whole number (zero too) of seconds, minutes, hours or
 * days. Undefined for anything else; callers decide what a zero or a bad value means. (`--since` of
 * `opsight retro` and `opsight clusters` also takes weeks and fractions: see `parseLookback`.)
 */
export function parseWholeDurationMs(text: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}
