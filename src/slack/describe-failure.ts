import { randomUUID } from 'node:crypto';
import { OpsightError } from '../domain/errors.ts';

/** What a failed request tells the user: a reason without internals, and an id to find the log entry. */
export interface FailureDescription {
  reason: string;
  errorId: string;
}

/**
 * Our own errors carry a message written for humans; Slack API errors name their error code; anything
 * else is a bug whose details stay in the log.
 */
export function describeFailure(error: unknown): FailureDescription {
  const errorId = randomUUID().slice(0, 8);
  if (error instanceof OpsightError) return { reason: error.message, errorId };
  const slackCode = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (typeof slackCode === 'string') return { reason: `the Slack API answered "${slackCode}"`, errorId };
  return { reason: 'an internal error stopped the analysis', errorId };
}
