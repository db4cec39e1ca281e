import { OpsightError } from '../../src/domain/errors.ts';

/** The bundle backend was asked for PromQL/LogQL it cannot evaluate; the message says what it can. */
export class UnsupportedQueryError extends OpsightError {
  constructor(readonly query: string, reason: string, supported: string) {
    super('QUERY_UNSUPPORTED', `cannot evaluate ${JSON.stringify(query)}: ${reason}. ${supported}`);
  }
}

/** A query argument is not valid PromQL/LogQL syntax for a selector (names the argument and why). */
export class InvalidQueryError extends OpsightError {
  constructor(readonly argument: string, readonly query: string, reason: string) {
    super('QUERY_INVALID', `argument "${argument}": ${reason} in ${JSON.stringify(query)}`);
  }
}

/** Prometheus or Loki could not be reached or timed out; check the URL and that the server runs. */
export class BackendUnavailableError extends OpsightError {
  constructor(readonly server: 'Prometheus' | 'Loki', readonly url: string, reason: string, hint: string) {
    super('BACKEND_UNAVAILABLE', `${server} at ${url} is unreachable (${reason}). ${hint}`);
  }
}

/** Prometheus or Loki answered with an error (`status: "error"` or an HTTP error); its words are quoted. */
export class BackendQueryError extends OpsightError {
  constructor(readonly server: 'Prometheus' | 'Loki', readonly errorType: string, readonly detail: string) {
    super('BACKEND_QUERY_FAILED', `${server} rejected the query (${errorType}): ${detail}`);
  }
}

/** A tool needs a backend this server was not configured with (say, logs without LOKI_URL). */
export class BackendNotConfiguredError extends OpsightError {
  constructor(what: string, fix: string) {
    super('BACKEND_NOT_CONFIGURED', `${what} is not configured: ${fix}`);
  }
}
