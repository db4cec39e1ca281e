import { OpsightError } from '../domain/errors.ts';

export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_ROW_INVALID' | 'MIGRATION_FAILED';

/** The store could not be reached, or holds or received something it cannot use. */
export class StoreError extends OpsightError {
  constructor(
    override readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** `url` with its password removed, safe to print in an error message or a log line. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}
