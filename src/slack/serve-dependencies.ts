import type { Config } from '../config.ts';
import type { ConfigFile } from '../config-file.ts';
import type { SlackAppOptions } from './create-slack-app.ts';

/**
 * The parts of the app that other areas provide (agent responder, executor decisions, redactor,
 * webhook receivers), resolved from the configuration. What is not provided falls back to the app's
 * defaults: the offline channel responder, "no executor configured", `maskSecrets`, no webhooks.
 */
export type ServeDependencies = Pick<SlackAppOptions, 'responder' | 'decisions' | 'redact' | 'webhooks'>;

/** Wires the available modules; see the README's "Slack app" section for what each needs. */
export async function resolveServeDependencies(_config: Config, _file: ConfigFile): Promise<ServeDependencies> {
  return {};
}
