import { OpsightError } from '../domain/errors.ts';

/** Why a model call failed, by who must act. */
export type ModelFailureKind = 'auth' | 'rate-limit' | 'server' | 'timeout' | 'connection' | 'bad-request' | 'other';

/** The model endpoint refused or failed a request (401, 429, 5xx, timeout, unreachable). */
export class ModelCallError extends OpsightError {
  constructor(
    readonly model: string,
    readonly kind: ModelFailureKind,
    readonly status: number | undefined,
    detail: string,
  ) {
    super('MODEL_CALL_FAILED', `model ${model} failed (${kind}${status ? ` ${status}` : ''}): ${detail}. ${HINTS[kind]}`);
  }
}

const HINTS: Record<ModelFailureKind, string> = {
  auth: 'Check OPENAI_API_KEY for OPENAI_BASE_URL.',
  'rate-limit': 'The endpoint is rate limiting; retry later or raise the limit.',
  server: 'The endpoint had an internal error; retry later.',
  timeout: 'The endpoint did not answer in time; raise agent.requestTimeoutMs or use a faster model.',
  connection: 'Check that OPENAI_BASE_URL is reachable.',
  'bad-request': 'The endpoint rejected the request; check OPSIGHT_MODEL and whether it supports tool calling (set agent.responseFormat: none for servers without json_schema).',
  other: 'See the error above.',
};

/** The model broke the contract: malformed tool calls, unknown tool names, invalid final JSON. */
export class ModelBehaviorError extends OpsightError {
  constructor(readonly model: string, problem: string) {
    super('MODEL_BEHAVIOR', `model ${model} ${problem}`);
  }
}
