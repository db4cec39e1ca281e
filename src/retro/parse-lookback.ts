import { UserError } from '../domain/index.ts';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `90d`, `24h`, `30m`, `2w` → milliseconds. Throws a `UserError` naming `option` and the accepted
 * forms for anything else.
 */
export function parseLookback(value: string, option = '--since'): number {
  const match = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(value.trim());
  const amount = match ? Number(match[1]) : NaN;
  if (!match || !(amount > 0)) {
    throw new UserError(`${option} must be a duration like 30m, 24h, 90d or 2w, got "${value}"`);
  }
  return amount * UNIT_MS[match[2]!]!;
}
