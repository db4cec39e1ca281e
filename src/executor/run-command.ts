import type { AdapterResult, AdapterRunOptions } from './adapter-result.ts';
import { runHttpAdapter } from './run-http-adapter.ts';
import { runProcessAdapter } from './run-process-adapter.ts';
import type { ValidatedCommand } from './validate-command-args.ts';

/** Runs a validated command (or its dry run) through its adapter. Never throws for a failed run. */
export async function runCommand(command: ValidatedCommand, options: AdapterRunOptions): Promise<AdapterResult> {
  const { spec, args } = command;
  try {
    return spec.adapter.type === 'process'
      ? await runProcessAdapter(spec.adapter, args, options)
      : await runHttpAdapter(spec.adapter, spec, args, options);
  } catch (error) {
    return { ok: false, code: null, timedOut: false, output: '', invocation: [spec.name], durationMs: 0, error: `could not start: ${(error as Error).message}` };
  }
}
