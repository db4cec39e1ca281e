/** What a detected span is; decides the placeholder: `[SECRET-n]`, `[EMAIL-n]`, `[PHONE-n]`, `[CARD-n]`. */
export type RedactionKind = 'secret' | 'email' | 'phone' | 'card';

/** Every kind, in placeholder order. */
export const REDACTION_KINDS: readonly RedactionKind[] = ['secret', 'email', 'phone', 'card'];

/**
 * One named detector. `pattern` must carry the `g` and `d` flags; when it has a named group `secret`,
 * only that group is redacted (`postgres://app:<secret>@db`), else the whole match.
 * `accept` rejects matches that only look like the shape (a Luhn-invalid card, a git SHA).
 */
export interface Detector {
  readonly name: string;
  readonly kind: RedactionKind;
  /** Short upper-case label used where a kind label replaces the value (`[AWS-KEY]`). */
  readonly label: string;
  readonly pattern: RegExp;
  readonly accept?: (value: string, context: MatchContext) => boolean;
}

/** Where a candidate value sits, for detectors that look at its surroundings. */
export interface MatchContext {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A detected span `[start, end)` of the input. */
export interface DetectedSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: RedactionKind;
  readonly detector: string;
  readonly label: string;
}
