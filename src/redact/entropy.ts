/** Shannon entropy of `text` in bits per character (0 for an empty string). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Counts of the character classes in `text`. */
export function characterClasses(text: string): { upper: number; lower: number; digit: number; other: number } {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
    else other++;
  }
  return { upper, lower, digit, other };
}

/**
 * Share of `text` covered by pronounceable word-like runs (`Payment`, `service`: 4+ letters, at least a
 * fifth vowels, no cluster of 4 consonants): identifiers such as `OrderServiceV2ClientImpl` score high,
 * random tokens low.
 */
export function wordCoverage(text: string): number {
  let covered = 0;
  for (const m of text.matchAll(/[A-Z]?[a-z]{3,}/g)) {
    const run = m[0];
    const vowels = run.replace(/[^aeiouyAEIOUY]/g, '').length;
    if (vowels / run.length >= 0.2 && !/[^aeiouyAEIOUY]{4}/.test(run)) covered += run.length;
  }
  return text.length === 0 ? 0 : covered / text.length;
}

/**
 * True when `text` is base64 of ordinary text (a sentence, JSON, a log line): data, not a credential.
 * `user:pass` decodes to printable text too, so ordinary means with a space or JSON/markup punctuation.
 */
export function isBase64OfText(text: string): boolean {
  const body = text.replace(/=+$/, '');
  if (body.length < 8 || !/^[A-Za-z0-9+/_-]+$/.test(body)) return false;
  const decoded = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  if (decoded.length === 0) return false;
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable / decoded.length >= 0.97 && /[\s{}[\]"<>]/.test(decoded);
}

/**
 * Whether a value found next to a secret-sounding key (`api_key=…`, `DB_PASSWORD=…`) is a real value
 * rather than a reference or a name: not empty, not masked (`****`), not a variable (`${X}`, `<token>`),
 * not a k8s-style resource name (`payments-db-credentials`).
 */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  if (v.length < 3) return false;
  if (/^[*xX•.#-]+$/.test(v) || /^\$\{?[A-Za-z_]/.test(v) || /^<[^>]*>?$/.test(v) || /^%\(?[A-Za-z_]/.test(v) || /^\{\{/.test(v)) return false;
  if (/^(?:null|none|nil|true|false|undefined|redacted|\[redacted\]|changeme|secret|password|required|optional|empty|unset|hidden|masked|omitted|rotated|expired|invalid|missing)$/i.test(v)) return false;
  if (isResourceName(v)) return false;
  return true;
}

/**
 * k8s-style names (`checkout-7d9f8b6c5-x2x4k`, `payments-db-credentials`, `redis.cache.svc`): lower case,
 * at least one dash or dot, every segment short or a plain word.
 */
export function isResourceName(v: string): boolean {
  if (!/^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+$/.test(v)) return false;
  return v.split(/[-.]/).every((seg) => seg.length <= 10 || /^[a-z]+$/.test(seg));
}
