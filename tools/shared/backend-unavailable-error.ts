import { OpsightError } from '../../src/domain/index.ts';

/**
 * A live backend (Slack, Alertmanager, a stored-payload file) could not be reached or refused the call.
 * The message names the backend and what to check; it goes back to the model as an `isError` result.
 */
export class BackendUnavailableError extends OpsightError {
  constructor(
    readonly backend: string,
    detail: string,
    hint: string,
  ) {
    super('BACKEND_UNAVAILABLE', `${backend} is unavailable: ${detail}. ${hint}`);
  }
}
