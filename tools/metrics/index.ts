import { z } from 'zod';
import { UserError } from '../../src/domain/errors.ts';
import { listBundleFiles } from '../../src/ingest/index.ts';
import { BundleMetricsBackend } from './bundle-backend.ts';
import { LiveMetricsBackend } from './live-backend.ts';
import type { MetricsBackend } from './metrics-backend.ts';

export { createMetricsServer } from './server.ts';
export { BundleMetricsBackend } from './bundle-backend.ts';
export { LiveMetricsBackend, type LiveBackendOptions } from './live-backend.ts';
export type * from './metrics-backend.ts';
export * from './metrics-errors.ts';

const LiveEnvSchema = z.object({
  PROMETHEUS_URL: z.url().optional(),
  LOKI_URL: z.url().optional(),
  /** Per-request timeout of the live backend in ms. */
  OPSIGHT_TOOL_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
});

/**
 * The backend for `opsight tool metrics`: the bundle in `bundleDir` when given, else live Prometheus
 * (`PROMETHEUS_URL`) and/or Loki (`LOKI_URL`). Throws a UserError when the bundle directory does not
 * exist, a URL is invalid, or neither a bundle nor a URL is given.
 */
export async function openMetricsBackend(options: { bundleDir?: string; env: NodeJS.ProcessEnv }): Promise<MetricsBackend> {
  if (options.bundleDir !== undefined) {
    await listBundleFiles(options.bundleDir);
    return new BundleMetricsBackend(options.bundleDir);
  }
  const present = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = LiveEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new UserError(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}. Fix or unset these variables.`);
  }
  const { PROMETHEUS_URL, LOKI_URL, OPSIGHT_TOOL_TIMEOUT_MS } = parsed.data;
  if (!PROMETHEUS_URL && !LOKI_URL) {
    throw new UserError('the metrics tool server needs a data source: pass --bundle DIR, or set PROMETHEUS_URL (and LOKI_URL for logs)');
  }
  return new LiveMetricsBackend({ prometheusUrl: PROMETHEUS_URL, lokiUrl: LOKI_URL, timeoutMs: OPSIGHT_TOOL_TIMEOUT_MS });
}
