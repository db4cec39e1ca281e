import { ALL_DETECTORS } from './all-detectors.ts';
import { REDACTION_KINDS, type Detector, type RedactionKind } from './detector.ts';
import { findSpans } from './find-spans.ts';

/** One redacted value, as `findings()` reports it: never the value itself. */
export interface RedactionFinding {
  readonly placeholder: string;
  readonly kind: RedactionKind;
  readonly detector: string;
}

/** Replaces secrets and personal data with placeholders that stay stable for the redactor's lifetime. */
export interface Redactor {
  /** `text` with every detected value replaced by its placeholder (`[SECRET-1]`, `[EMAIL-2]`, …). */
  redact(text: string): string;
  /** A copy of `value` with every string inside (object values and arrays, recursively) redacted. */
  redactDeep<T>(value: T): T;
  /** One entry per distinct value redacted so far, in first-seen order. */
  findings(): RedactionFinding[];
}

export interface RedactorOptions {
  /** Which kinds to redact (default: all). */
  readonly kinds?: readonly RedactionKind[];
  /** Replace the built-in detectors (tests, narrower policies). */
  readonly detectors?: readonly Detector[];
}

const PREFIX: Record<RedactionKind, string> = { secret: 'SECRET', email: 'EMAIL', phone: 'PHONE', card: 'CARD' };

/**
 * A redactor for one incident (or one conversation): the same secret always becomes the same
 * placeholder, so a model can still say "[SECRET-1] was rotated" and humans can follow.
 *
 * @example
 * const r = createRedactor();
 * r.redact('token xoxb-123-456-abcdefghijkl'); // 'token [SECRET-1]'
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const kinds = new Set(options.kinds ?? REDACTION_KINDS);
  const detectors = (options.detectors ?? ALL_DETECTORS).filter((d) => kinds.has(d.kind));
  const placeholders = new Map<string, string>();
  const counters: Record<RedactionKind, number> = { secret: 0, email: 0, phone: 0, card: 0 };
  const found: RedactionFinding[] = [];

  function placeholderFor(kind: RedactionKind, value: string, detector: string): string {
    const key = `${kind}\u0000${normalize(kind, value)}`;
    let placeholder = placeholders.get(key);
    if (!placeholder) {
      counters[kind] += 1;
      placeholder = `[${PREFIX[kind]}-${counters[kind]}]`;
      placeholders.set(key, placeholder);
      found.push({ placeholder, kind, detector });
    }
    return placeholder;
  }

  function redact(text: string): string {
    const spans = findSpans(text, detectors);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const span of spans) {
      out += text.slice(at, span.start) + placeholderFor(span.kind, text.slice(span.start, span.end), span.detector);
      at = span.end;
    }
    return out + text.slice(at);
  }

  function redactDeep<T>(value: T): T {
    return walk(value, redact, new WeakMap()) as T;
  }

  return { redact, redactDeep, findings: () => found.map((f) => ({ ...f })) };
}

/** Phone and card numbers written with different separators are the same value. */
function normalize(kind: RedactionKind, value: string): string {
  return kind === 'phone' || kind === 'card' ? value.replace(/[^\d+]/g, '') : value;
}

function walk(value: unknown, redact: (text: string) => string, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  const cached = seen.get(value);
  if (cached !== undefined) return cached;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(walk(item, redact, seen));
    return copy;
  }
  if (value instanceof Date || value instanceof RegExp) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = walk(item, redact, seen);
  return copy;
}
