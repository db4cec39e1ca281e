import type { z } from 'zod';
import { preview, type IngestProblem } from '../domain/index.ts';
import { describeZodIssue } from './describe-zod-issue.ts';

/**
 * The IngestProblem for a JSONL line that failed its schema: `field` is `line 12: alerts[0].startsAt`,
 * the message says what was expected and found, and that the line was skipped.
 */
export function zodLineProblem(file: string, line: number, error: z.ZodError, input: unknown): IngestProblem {
  const issue = error.issues[0];
  if (!issue) return { file, field: `line ${line}`, message: 'invalid; line skipped' };
  const { field, expected, got } = describeZodIssue(issue, input);
  return { file, field: `line ${line}: ${field}`, message: `must be ${expected}, got ${preview(got)}; line skipped` };
}
