/** What one adapter invocation did; output is raw here and redacted/truncated before it is stored. */
export interface AdapterResult {
  ok: boolean;
  /** Process exit code, or HTTP status for the http adapter. */
  code: number | null;
  timedOut: boolean;
  /** stdout+stderr (process) or response body (http). */
  output: string;
  /** The argv or `METHOD url` that ran, for the audit log. */
  invocation: string[];
  durationMs: number;
  /** Why it failed, for a human (timeout, spawn failure, connection refused …). */
  error?: string;
}

/** Options every adapter takes. */
export interface AdapterRunOptions {
  dryRun: boolean;
  timeoutMs: number;
  /** Where allowed environment variables and header secrets are read from. */
  env: NodeJS.ProcessEnv;
  /** Cap on captured output before redaction (bytes kept in memory). */
  maxCaptureBytes: number;
}
