import { OpsightError } from '../domain/errors.ts';

export type ExecutorErrorCode = 'CATALOG_INVALID' | 'COMMAND_UNKNOWN' | 'ARGS_INVALID' | 'PROPOSAL_NOT_FOUND' | 'ACTOR_INVALID';

/** A command, its arguments or a proposal cannot be used; the message says what to fix. */
export class ExecutorError extends OpsightError {
  constructor(
    override readonly code: ExecutorErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}
