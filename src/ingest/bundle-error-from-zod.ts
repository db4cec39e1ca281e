import type { z } from 'zod';
import { BundleError } from '../domain/index.ts';
import { describeZodIssue } from './describe-zod-issue.ts';

/**
 * The BundleError for the first issue of a failed zod parse of `input` (a file's parsed JSON):
 * names the file, the JSON path of the offending field, what was expected and what was found.
 */
export function bundleErrorFromZod(file: string, error: z.ZodError, input: unknown): BundleError {
  const issue = error.issues[0];
  if (!issue) return new BundleError(file, '(root)', 'valid', input);
  const { field, expected, got } = describeZodIssue(issue, input);
  return new BundleError(file, field, expected, got);
}
