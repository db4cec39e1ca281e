/** Bounded exponential backoff for operations that lost their database connection. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 6). */
  attempts: number;
  /** Delay before the second attempt; doubled each time (default 250 ms). */
  baseDelayMs: number;
  /** Upper bound of one delay (default 4 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 4000 };

// Class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now).
const CONNECTION_SQLSTATE = /^(08\d{3}|57P0[123])$/;
// Rolled back by the server; the whole transaction can run again.
const TRANSACTION_SQLSTATE = new Set(['40001', '40P01']);
const CONNECTION_ERRNO = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGE = /Connection terminated|connection error|not queryable|terminating connection|timeout exceeded when trying to connect|server closed the connection/i;

/** True when `error` means the connection (not the statement) failed: the work can be tried again on a new one. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_SQLSTATE.test(code) || CONNECTION_ERRNO.has(code))) return true;
  return CONNECTION_MESSAGE.test(error.message);
}

/** True when a whole transaction may be run again after `error`: a lost connection, a serialization failure or a deadlock. Never a constraint violation. */
export function isRetryableTransactionError(error: unknown): boolean {
  if (isConnectionError(error)) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSACTION_SQLSTATE.has(code);
}

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Runs `operation` until it succeeds, fails with an error `isRetryable` rejects, or has used
 * `policy.attempts`; waits with exponential backoff between attempts. `onGiveUp` turns the last
 * retryable error into the error thrown.
 */
export async function retryOnConnectionLoss<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (error: unknown) => boolean,
  onGiveUp: (error: unknown, attempts: number) => Error,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= policy.attempts) throw onGiveUp(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(policy, attempt)));
    }
  }
}
