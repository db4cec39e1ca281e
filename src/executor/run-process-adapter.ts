import { execFile } from 'node:child_process';
import { z } from 'zod';
import type { AdapterResult, AdapterRunOptions } from './adapter-result.ts';
import { fillPlaceholders } from './command-catalog.ts';
import type { ProcessAdapterSchema } from './command-spec.ts';

type ProcessAdapter = z.infer<typeof ProcessAdapterSchema>;

/**
 * The argv of a process adapter: each template element becomes exactly one argv element, its
 * `{arg}` placeholders replaced by validated values. No shell ever parses it.
 */
export function buildArgv(adapter: ProcessAdapter, args: Readonly<Record<string, string>>, dryRun: boolean): string[] {
  const template = dryRun ? adapter.dryRunArgv : adapter.argv;
  if (!template) throw new Error('buildArgv: this command has no dry run');
  return template.map((element) => fillPlaceholders(element, args));
}

/** Runs the program with `execFile` (no shell), only the allowed environment variables, a timeout, and output captured. */
export function runProcessAdapter(adapter: ProcessAdapter, args: Readonly<Record<string, string>>, options: AdapterRunOptions): Promise<AdapterResult> {
  const argv = buildArgv(adapter, args, options.dryRun);
  const [program, ...rest] = argv as [string, ...string[]];
  const env = Object.fromEntries(adapter.env.flatMap((name) => (options.env[name] === undefined ? [] : [[name, options.env[name]]])));
  const startedAt = performance.now();
  return new Promise((resolve) => {
    execFile(
      program,
      rest,
      { shell: false, env, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: options.maxCaptureBytes, windowsHide: true },
      (error, stdout, stderr) => {
        const durationMs = Math.round(performance.now() - startedAt);
        const output = [stdout, stderr].filter((s) => s.length > 0).join(stdout && stderr ? '\n--- stderr ---\n' : '');
        if (!error) return resolve({ ok: true, code: 0, timedOut: false, output, invocation: argv, durationMs });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
        const timedOut = e.killed === true && e.signal === 'SIGKILL' && durationMs >= options.timeoutMs - 50;
        const code = typeof e.code === 'number' ? e.code : null;
        const why = timedOut
          ? `timed out after ${options.timeoutMs} ms and was killed`
          : e.code === 'ENOENT'
            ? `program "${program}" not found on the allowed PATH`
            : e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
              ? `output exceeded ${options.maxCaptureBytes} bytes; the process was stopped`
              : code !== null
                ? `exited with code ${code}`
                : `failed: ${e.message}`;
        resolve({ ok: false, code, timedOut, output, invocation: argv, durationMs, error: why });
      },
    );
  });
}
