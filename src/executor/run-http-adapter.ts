import type { z } from 'zod';
import type { AdapterResult, AdapterRunOptions } from './adapter-result.ts';
import { fillPlaceholders, wholePlaceholder } from './command-catalog.ts';
import type { CommandSpec, HttpAdapterSchema } from './command-spec.ts';

type HttpAdapter = z.infer<typeof HttpAdapterSchema>;

/**
 * The JSON body of an http adapter: string leaves get their placeholders filled; a leaf that is one
 * placeholder of an omitted optional argument is dropped; a number argument stays a number.
 */
export function buildHttpBody(template: unknown, args: Readonly<Record<string, string>>, spec: CommandSpec): unknown {
  if (typeof template === 'string') {
    const whole = wholePlaceholder(template);
    if (whole !== undefined) {
      const value = args[whole];
      if (value === undefined) return undefined;
      return spec.args[whole]?.type === 'number' ? Number(value) : value;
    }
    return fillPlaceholders(template, args);
  }
  if (Array.isArray(template)) return template.map((v) => buildHttpBody(v, args, spec)).filter((v) => v !== undefined);
  if (template && typeof template === 'object') {
    return Object.fromEntries(
      Object.entries(template).flatMap(([k, v]) => {
        const built = buildHttpBody(v, args, spec);
        return built === undefined ? [] : [[k, built]];
      }),
    );
  }
  return template;
}

/** The webhook URL with placeholders filled, each value URL-encoded. */
export function buildHttpUrl(adapter: HttpAdapter, args: Readonly<Record<string, string>>): string {
  const encoded = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, encodeURIComponent(v)]));
  return fillPlaceholders(adapter.url, encoded);
}

/** POSTs (or PUTs) the JSON body; a 2xx answer is success. Header secrets come from the environment. */
export async function runHttpAdapter(
  adapter: HttpAdapter,
  spec: CommandSpec,
  args: Readonly<Record<string, string>>,
  options: AdapterRunOptions,
): Promise<AdapterResult> {
  const url = buildHttpUrl(adapter, args);
  const body = buildHttpBody(options.dryRun ? adapter.dryRunBody : adapter.body, args, spec) ?? {};
  const invocation = [adapter.method, url];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(adapter.headers)) {
    if (typeof value === 'string') headers[name] = value;
    else if (options.env[value.env] !== undefined) headers[name] = `${value.prefix}${options.env[value.env]}`;
  }
  const startedAt = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await fetch(url, { method: adapter.method, headers, body: JSON.stringify(body), signal: controller.signal, redirect: 'error' });
    const output = await readCapped(response, options.maxCaptureBytes);
    const durationMs = Math.round(performance.now() - startedAt);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, code: response.status, timedOut: false, output, invocation, durationMs, ...(ok ? {} : { error: `webhook answered HTTP ${response.status}` }) };
  } catch (error) {
    const durationMs = Math.round(performance.now() - startedAt);
    const timedOut = controller.signal.aborted;
    const causeOf = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = causeOf?.code ?? causeOf?.message;
    const why = timedOut ? `timed out after ${options.timeoutMs} ms` : `webhook unreachable (${cause ?? (error as Error).message})`;
    return { ok: false, code: null, timedOut, output: '', invocation, durationMs, error: why };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
}
