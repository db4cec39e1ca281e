import { z } from 'zod';
import { BundleError } from '../domain/index.ts';

const ErrorResponseSchema = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() });

/**
 * Prometheus and Loki answer `{status: "error", errorType, error}` when a query failed; a bundle that
 * saved such an answer gets an error that quotes what the server said.
 */
export function rejectErrorResponse(json: unknown, file: string, server: 'Prometheus' | 'Loki'): void {
  const failed = ErrorResponseSchema.safeParse(json);
  if (!failed.success) return;
  const said = [failed.data.errorType, failed.data.error].filter(Boolean).join(': ') || 'no error text';
  throw new BundleError(file, 'status', `"success" (${server} said: ${said})`, 'error');
}
