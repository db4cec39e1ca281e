import type { z } from 'zod';
import { preview } from '../../src/domain/index.ts';
import { describeZodIssue } from '../../src/ingest/describe-zod-issue.ts';

/**
 * One line saying why `input` failed `error`'s schema, naming the field (JSON path), what was expected
 * and what was found: `alerts[0].startsAt must be an RFC 3339 timestamp, got "soon"`.
 */
export function describeZodFailure(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return 'the payload is invalid';
  const { field, expected, got } = describeZodIssue(issue, input);
  return `${field} must be ${expected}, got ${got === undefined ? 'nothing' : preview(got)}`;
}
