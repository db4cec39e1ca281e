import { loadConfig } from '../../src/config.ts';
import { UserError } from '../../src/domain/index.ts';
import { openSlackBundleBackend } from './bundle-backend.ts';
import { createSlackLiveBackend } from './live-backend.ts';
import type { SlackBackend } from './slack-backend.ts';

export { createSlackServer } from './server.ts';
export type { SlackBackend } from './slack-backend.ts';

/**
 * The Slack backend to serve: the bundle's Slack export when `bundleDir` is given, else the Slack Web
 * API with `SLACK_BOT_TOKEN` (at `SLACK_API_URL`). Throws a UserError when neither is available.
 */
export async function openSlackBackend(options: { bundleDir?: string; env: NodeJS.ProcessEnv }): Promise<SlackBackend> {
  if (options.bundleDir !== undefined) return openSlackBundleBackend(options.bundleDir);
  const config = loadConfig(options.env);
  if (!config.SLACK_BOT_TOKEN) {
    throw new UserError('the Slack tool needs --bundle DIR, or SLACK_BOT_TOKEN (xoxb-…) set to read Slack live.');
  }
  return createSlackLiveBackend({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL });
}
