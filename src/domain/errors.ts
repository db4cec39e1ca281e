/** Base class: every error of ours has a stable code and a message that tells a human what to do. */
export class OpsightError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Short, single-line preview of an offending value for error messages. */
export function preview(value: unknown, maxChars = 60): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/**
 * A bundle file (or one line/field of it) does not match the incident-bundle spec.
 * `field` is a JSON path (`data.result[3].values[17]`) or `line 12`.
 */
export class BundleError extends OpsightError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super('BUNDLE_INVALID', `${file}: ${field} must be ${expected}, got ${preview(got)}`);
  }
}

/** The caller asked for something that cannot work (bad CLI usage, missing directory). */
export class UserError extends OpsightError {
  constructor(message: string) {
    super('USER_ERROR', message);
  }
}

/** Expected failures are values, not exceptions. */
export type Result<T, E = BundleError> = { ok: true; value: T } | { ok: false; error: E };
