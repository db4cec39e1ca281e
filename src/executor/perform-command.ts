import { createRedactor } from '../redact/redactor.ts';
import type { AdapterResult } from './adapter-result.ts';
import { supportsDryRun } from './command-spec.ts';
import type { StepResult } from './proposal-records.ts';
import { runCommand } from './run-command.ts';
import { truncateOutput } from './truncate-output.ts';
import type { ValidatedCommand } from './validate-command-args.ts';

/** What running an approved command did: the dry run (when supported) and the real run (when the dry run passed). */
export interface Performance {
  ok: boolean;
  /** One sentence for the user and the audit log. */
  reason: string;
  dryRun?: StepResult;
  result?: StepResult;
}

/**
 * Runs the dry run first when the command has one, then (only if it passed) the command itself,
 * each under the command's timeout; captured output is redacted and truncated. Never throws.
 */
export async function performCommand(command: ValidatedCommand, options: { env: NodeJS.ProcessEnv; maxOutputChars: number }): Promise<Performance> {
  const run = { timeoutMs: command.spec.timeoutSeconds * 1000, env: options.env, maxCaptureBytes: Math.max(options.maxOutputChars * 4, 65_536) };
  const clean = (r: AdapterResult) => toStepResult(r, options.maxOutputChars);
  const dryRun = supportsDryRun(command.spec) ? clean(await runCommand(command, { ...run, dryRun: true })) : undefined;
  if (dryRun && !dryRun.ok) {
    return { ok: false, reason: `dry run failed (${dryRun.error ?? 'unknown error'}); the command itself was not run`, dryRun };
  }
  const result = clean(await runCommand(command, { ...run, dryRun: false }));
  const reason = result.ok ? `succeeded in ${result.durationMs} ms` : `failed: ${result.error ?? 'unknown error'}`;
  return { ok: result.ok, reason, ...(dryRun ? { dryRun } : {}), result };
}

function toStepResult(r: AdapterResult, maxOutputChars: number): StepResult {
  const redactor = createRedactor();
  return {
    ok: r.ok,
    code: r.code,
    timedOut: r.timedOut,
    output: truncateOutput(redactor.redact(r.output.replaceAll('\u0000', '')), maxOutputChars),
    invocation: r.invocation.map((a) => redactor.redact(a)),
    durationMs: r.durationMs,
    ...(r.error ? { error: redactor.redact(r.error) } : {}),
  };
}
