import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { ConfigFileError, configSection, readConfigFile } from '../config-file.ts';
import { createSlackApp, type SlackServer } from '../slack/create-slack-app.ts';
import { resolveServeDependencies } from '../slack/serve-dependencies.ts';
import { SlackSettingsSchema } from '../slack/slack-settings.ts';
import { verifyBotToken } from '../slack/verify-bot-token.ts';
import { createStderrLogger } from '../slack/stderr-logger.ts';
import type { CliIo } from './cli-io.ts';
import type { CliCommand } from './command-registry.ts';
import { reportUserError } from './report-user-error.ts';

const USAGE = 'opsight serve [--port N]                             the Slack app (HTTP at POST /slack/events, or Socket Mode), /healthz, /metrics';

/**
 * Validates the environment and the settings file's `slack` section, builds the Slack app and starts it.
 * Every wrong setting is reported at once, by name, before anything listens.
 * @throws ConfigError / ConfigFileError naming the setting.
 */
export async function startServe(env: NodeJS.ProcessEnv, portOverride?: number): Promise<{ server: SlackServer; port: number; mode: 'http' | 'socket'; stop(): Promise<void> }> {
  const config = loadConfig(env);
  const missing: string[] = [];
  if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN is required (the bot token, xoxb-…, from the Slack app\'s "OAuth & Permissions" page)');
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) missing.push('SLACK_SIGNING_SECRET is required for HTTP mode (from "Basic Information"), or set SLACK_APP_TOKEN (xapp-…) for Socket Mode');
  if (missing.length) throw new ConfigError(missing);
  const file = await readConfigFile(config.OPSIGHT_CONFIG);
  const settings = configSection(file, 'slack', SlackSettingsSchema);
  const badDirs = Object.entries(settings.bundleDirs)
    .filter(([, dir]) => !existsSync(join(dir, 'incident.json')))
    .map(([channel, dir]) => `slack.bundleDirs.${channel}: "${dir}" is not an incident bundle (no incident.json there)`);
  if (badDirs.length) throw new ConfigFileError(file.path, badDirs);

  // Before the store opens: a wrong token should fail in a second, not after the migrations.
  const logger = createStderrLogger();
  await verifyBotToken(config.SLACK_BOT_TOKEN!, config.SLACK_API_URL, logger);
  const { close, ...dependencies } = await resolveServeDependencies(env, config, file, settings, logger);
  const port = portOverride ?? config.PORT;
  let server: SlackServer;
  let started: { port: number };
  try {
    server = createSlackApp({
      botToken: config.SLACK_BOT_TOKEN!,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      slackApiUrl: config.SLACK_API_URL,
      port,
      settings,
      logger,
      ...dependencies,
    });
    started = await server.start();
  } catch (error) {
    await close();
    throw error;
  }
  const stop = async () => {
    await server.stop();
    await close();
  };
  return { server, port: started.port, mode: config.SLACK_APP_TOKEN ? 'socket' : 'http', stop };
}

async function run(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let port: number | undefined;
  try {
    const parsed = parseArgs({ args, options: { port: { type: 'string' } }, allowPositionals: false });
    if (parsed.values.port !== undefined) {
      port = Number(parsed.values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, got "${parsed.values.port}"`);
    }
  } catch (error) {
    io.stderr.write(`opsight: ${(error as Error).message}\n\nUsage: ${USAGE}\n`);
    return 2;
  }
  let started: Awaited<ReturnType<typeof startServe>>;
  try {
    started = await startServe(env, port);
  } catch (error) {
    reportUserError(io, error);
    return 2;
  }
  const { server, mode } = started;
  const where = `http://0.0.0.0:${started.port}`;
  io.stdout.write(
    mode === 'socket'
      ? `opsight serve: Socket Mode connected; ${where}/healthz and /metrics\n`
      : `opsight serve: listening on ${where} (POST /slack/events, GET /healthz, GET /metrics)\n`,
  );
  // One failing request must never take the server down: log stray rejections instead of crashing.
  const onRejection = (reason: unknown) => server.services.logger.error('unhandled rejection (kept serving)', reason);
  process.on('unhandledRejection', onRejection);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stdout.write('opsight serve: stopping…\n');
  await started.stop();
  process.off('unhandledRejection', onRejection);
  return 0;
}

/** `opsight serve`: the Slack app and its HTTP endpoints. */
export const serveCommand: CliCommand = { usage: USAGE, run };
