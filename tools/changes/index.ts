import { loadConfig } from '../../src/config.ts';
import { appendJsonl } from '../shared/append-jsonl.ts';
import { openChangesBundleBackend } from './bundle-backend.ts';
import type { ChangesBackend } from './changes-backend.ts';
import { createChangesLiveBackend } from './live-backend.ts';
import { requireBearerToken } from '../shared/require-bearer-token.ts';
import { CLOUDEVENTS_WEBHOOK_PATH, createChangeWebhookHandler } from './webhook-receiver.ts';

export { createChangesServer } from './server.ts';
export type { ChangesBackend } from './changes-backend.ts';
export { createChangeWebhookHandler } from './webhook-receiver.ts';

/**
 * The changes backend to serve: the bundle's `changes.jsonl` when `bundleDir` is given, else the
 * change store `OPSIGHT_CHANGES_FILE` that the CloudEvents webhook receiver fills.
 */
export async function openChangesBackend(options: { bundleDir?: string; env: NodeJS.ProcessEnv }): Promise<ChangesBackend> {
  if (options.bundleDir !== undefined) return openChangesBundleBackend(options.bundleDir);
  return createChangesLiveBackend({ storeFile: loadConfig(options.env).OPSIGHT_CHANGES_FILE });
}

/** The CloudEvents webhook handler that appends every change event to `OPSIGHT_CHANGES_FILE`. */
export function openChangeWebhookHandler(env: NodeJS.ProcessEnv) {
  const config = loadConfig(env);
  const append = appendJsonl(config.OPSIGHT_CHANGES_FILE);
  return requireBearerToken(createChangeWebhookHandler({ onChange: (event) => append(event) }), config.OPSIGHT_WEBHOOK_TOKEN, [CLOUDEVENTS_WEBHOOK_PATH]);
}
