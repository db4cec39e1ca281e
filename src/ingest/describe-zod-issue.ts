import type { z } from 'zod';
import { formatJsonPath } from './format-json-path.ts';

/** One zod issue said the way a BundleError says it: where, what was expected, what was there. */
export interface IssueDescription {
  /** JSON path of the offending field (`data.result[3].metric`), `(root)` for the document itself. */
  field: string;
  expected: string;
  /** The offending value as found in the input (undefined when the field is missing). */
  got: unknown;
}

/** Describes a zod issue against the input that was parsed (to show the offending value). */
export function describeZodIssue(issue: z.core.$ZodIssue, input: unknown): IssueDescription {
  return { field: formatJsonPath(issue.path), expected: expectedText(issue), got: valueAt(input, issue.path) };
}

function expectedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return withArticle(issue.expected === 'record' ? 'object' : issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'datetime') return 'an RFC 3339 timestamp';
      return issue.format === 'regex' ? issue.message : `a valid ${issue.format}`; // our regexes carry their own message
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'a non-empty string';
      return `${issue.origin} of at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `${issue.origin} of at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'custom':
      return issue.message;
    case 'invalid_union': {
      // `a string, a number or a boolean`: what each alternative wanted at this same path.
      const wanted = issue.errors.map((alternative) => alternative.find((i) => i.path.length === 0)).map((i) => (i ? expectedText(i) : undefined));
      if (wanted.length === 0 || wanted.some((w) => w === undefined)) return issue.message;
      const unique = [...new Set(wanted as string[])];
      return unique.length === 1 ? (unique[0] as string) : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
    }
    default:
      return issue.message;
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
