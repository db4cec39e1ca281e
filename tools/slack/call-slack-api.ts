import { setTimeout as sleep } from 'node:timers/promises';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from '@slack/web-api';
import { BackendUnavailableError } from '../shared/backend-unavailable-error.ts';
import { SlackApiError } from './slack-api-error.ts';

/** How rate limits are handled: bounded attempts and a bounded wait per `Retry-After`. */
export interface RateLimitPolicy {
  /** Calls made in all (first try included) before giving up on 429s. */
  maxAttempts: number;
  /** A `Retry-After` longer than this (seconds) is not waited for: the call fails at once. */
  maxWaitSeconds: number;
  /** Injected in tests; waits `ms` milliseconds. */
  wait?: (ms: number) => Promise<unknown>;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { maxAttempts: 3, maxWaitSeconds: 30 };

/**
 * Calls one Slack Web API method. A 429 waits `Retry-After` seconds and retries (bounded by `policy`);
 * `ok: false` becomes a SlackApiError naming Slack's error code; a network or HTTP failure becomes a
 * BackendUnavailableError. The client must be created with `rejectRateLimitedCalls: true`.
 */
export async function callSlackApi(
  client: WebClient,
  method: string,
  args: Record<string, unknown>,
  policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY,
): Promise<Record<string, unknown>> {
  const wait = policy.wait ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
    } catch (error) {
      if (error instanceof WebAPIRateLimitedError) {
        if (attempt >= policy.maxAttempts || error.retryAfter > policy.maxWaitSeconds) {
          throw new SlackApiError(method, 'ratelimited', `Retry-After ${error.retryAfter} s after ${attempt} attempt(s)`);
        }
        await wait(error.retryAfter * 1000);
        continue;
      }
      throw translateSlackError(method, client.slackApiUrl, error);
    }
  }
}

function translateSlackError(method: string, apiUrl: string, error: unknown): Error {
  if (error instanceof WebAPIPlatformError) {
    const data = error.data as unknown as Record<string, unknown>;
    const needed = typeof data.needed === 'string' ? `needed: ${data.needed}` : undefined;
    return new SlackApiError(method, error.data.error, needed);
  }
  if (error instanceof WebAPIRequestError) {
    return new BackendUnavailableError(`Slack Web API at ${apiUrl}`, `${method}: ${error.original.message}`, 'Check SLACK_API_URL and the network, then retry.');
  }
  if (error instanceof WebAPIHTTPError) {
    return new BackendUnavailableError(`Slack Web API at ${apiUrl}`, `${method}: HTTP ${error.statusCode} ${error.statusMessage}`, 'Retry later; check SLACK_API_URL if it persists.');
  }
  return error instanceof Error ? error : new Error(String(error));
}
