import type { z } from 'zod';
import { OpsightError } from '../domain/errors.ts';

/** A Slack payload or Web API response does not have the shape we rely on. */
export class SlackPayloadError extends OpsightError {
  constructor(readonly source: string, error: z.ZodError) {
    const first = error.issues[0];
    super(
      'SLACK_PAYLOAD_INVALID',
      `${source}: unexpected Slack payload (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}); check the Slack app's scopes and that SLACK_API_URL points at the Slack Web API`,
    );
  }
}
