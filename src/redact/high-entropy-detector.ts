import type { Detector } from './detector.ts';
import { characterClasses, isBase64OfText, shannonEntropy, wordCoverage } from './entropy.ts';

/** Prefixes of public object ids (Stripe `ch_`, `cus_`, request ids): random-looking, not credentials. */
const PUBLIC_ID_PREFIX = /^(?:ch|pi|pm|py|po|re|cus|evt|in|ii|sub|si|txn|src|seti|acct|prod|price|req|sess|cs|msg|ord|order|inv|cart|usr|user|trace|span|run|job|build|img|vol|snap|sg|subnet|vpc|ami|eni|i|sha1|sha256|sha384|sha512)[_-]/;

/** Minimum bits per character: random base62/base64 of 20+ chars sits above 4.0, identifiers below. */
const MIN_ENTROPY_BITS = 3.5;

/**
 * True for a bare token that looks like a generated secret: 20+ characters, mixed case with digits or
 * symbols, high Shannon entropy, not hex (git SHAs, trace/span ids, digests, UUIDs), not an identifier
 * made of words, not base64 of ordinary text, not a path, not a public object id.
 */
export function looksLikeRandomSecret(token: string): boolean {
  const core = token.replace(/=+$/, '');
  if (core.length < 20) return false;
  if (/^[0-9a-f-]+$/i.test(core)) return false;
  // hex ids with a short tag (`bef1bcf946940145-FRA` cf-ray, `1-5759e988-bd862e3f…` X-Ray)
  if (core.split(/[-_]/).every((seg) => /^[0-9a-f]*$/i.test(seg) || seg.length <= 4)) return false;
  if (PUBLIC_ID_PREFIX.test(core)) return false;
  const c = characterClasses(core);
  const classes = [c.upper, c.lower, c.digit, c.other].filter((n) => n > 0).length;
  if (c.upper === 0 || c.lower === 0 || classes < 3) return false;
  if (wordCoverage(core) >= 0.5) return false;
  if (shannonEntropy(core) < MIN_ENTROPY_BITS) return false;
  if (isPathLike(core)) return false;
  if (isBase64OfText(token)) return false;
  return true;
}

function isPathLike(token: string): boolean {
  if (!token.includes('/')) return false;
  if (token.startsWith('/') || token.includes('//')) return true;
  const segments = token.split('/').filter((s) => s.length > 0);
  const wordy = segments.filter((s) => /^[a-z0-9._-]*[a-z]{3}[a-z0-9._-]*$/.test(s)).length;
  return wordy * 2 >= segments.length;
}

/** Bare generated secrets with no telling prefix or key, found by entropy and character classes. */
export const HIGH_ENTROPY_DETECTOR: Detector = {
  name: 'high-entropy-string',
  kind: 'secret',
  label: 'SECRET',
  pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/dg,
  accept: (value) => looksLikeRandomSecret(value),
};
