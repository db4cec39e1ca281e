import { ALL_DETECTORS } from '../redact/all-detectors.ts';
import { findSpans } from '../redact/find-spans.ts';

/**
 * Masks secrets and personal data in report text with a label naming what was there (`[AWS-KEY]`,
 * `[STRIPE-KEY]`, `[PASSWORD]`, `[EMAIL]`, `[CARD]`), using the same detectors as the redactor
 * (`src/redact`), so a report printed, stored or posted never repeats a secret. Labels instead of the
 * redactor's numbered placeholders because each call masks one field on its own.
 *
 * @example maskSecrets('postgres://app:hunter2@db:5432/app') // 'postgres://app:[PASSWORD]@db:5432/app'
 */
export function maskSecrets(text: string): string {
  const spans = findSpans(text, ALL_DETECTORS);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += `${text.slice(at, span.start)}[${span.label}]`;
    at = span.end;
  }
  return out + text.slice(at);
}
