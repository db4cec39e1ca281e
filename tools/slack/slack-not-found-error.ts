import { OpsightError } from '../../src/domain/index.ts';

/** A channel, thread or user the caller named does not exist in this workspace (or bundle). */
export class SlackNotFoundError extends OpsightError {
  constructor(
    readonly kind: 'channel' | 'thread' | 'user',
    readonly id: string,
    hint: string,
  ) {
    super('SLACK_NOT_FOUND', `No ${kind} ${JSON.stringify(id)} here. ${hint}`);
  }
}
