import { WebClient } from '@slack/web-api';
import { loadConfig, type Config } from '../config.ts';
import { configSection, readConfigFile } from '../config-file.ts';
import { RetroSettingsSchema, type RetroSettings } from '../jobs/jobs-settings.ts';
import { parseLookback } from '../retro/parse-lookback.ts';
import { runNightlyRetro, type RetroOutcome, type RetroPublisher } from '../retro/run-nightly-retro.ts';
import { publishRetrospective } from '../slack/publish-retrospective.ts';
import type { CliCommand } from './command-registry.ts';
import { withConfiguredStore } from './with-configured-store.ts';
import { configuredRetroNarrator } from './configured-retro-narrator.ts';
import { reportUserError } from './report-user-error.ts';
import { reportUsageError } from './report-usage-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = 'opsight retro [--since 24h] [--incident ID] [--publish] [--format markdown|json]   draft (and store) postmortems of resolved incidents';

/** The `retro` section of the settings file named by OPSIGHT_CONFIG (defaults when absent). */
export async function loadRetroSettings(config: Config): Promise<RetroSettings> {
  return configSection(await readConfigFile(config.OPSIGHT_CONFIG), 'retro', RetroSettingsSchema);
}

/** Posts drafts to Slack when `SLACK_BOT_TOKEN` is set (through `SLACK_API_URL`); otherwise none. */
export function configuredRetroPublisher(config: Config): RetroPublisher | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  const client = new WebClient(config.SLACK_BOT_TOKEN, { slackApiUrl: config.SLACK_API_URL });
  return ({ channel, title, markdown }) => publishRetrospective(client, { channel, title, markdown });
}

/** `opsight retro`: runs the nightly retrospective by hand and prints the drafts. */
export const retroCommand: CliCommand = {
  usage: USAGE,
  async run(args, io, env) {
    const parsed = parseCommandArgs({
      args,
      options: {
        since: { type: 'string' },
        incident: { type: 'string' },
        publish: { type: 'boolean', default: false },
        format: { type: 'string', short: 'f', default: 'markdown' },
      },
    }, (why) => reportUsageError(io, 'opsight', why, `  ${USAGE}`));
    if (parsed === 2) return 2;
    const { values } = parsed;
    if (values.format !== 'markdown' && values.format !== 'json') {
      return reportUsageError(io, 'opsight', `--format must be one of markdown, json, got "${values.format}"`, `  ${USAGE}`);
    }
    if (values.since && values.incident) return reportUsageError(io, 'opsight', 'pass either --since or --incident, not both', `  ${USAGE}`);
    let settings: RetroSettings;
    let config: Config;
    let lookbackMs: number;
    try {
      config = loadConfig(env);
      settings = await loadRetroSettings(config);
      lookbackMs = parseLookback(values.since ?? settings.lookback, values.since ? '--since' : 'retro.lookback');
    } catch (error) {
      reportUserError(io, error);
      return 2;
    }
    return withConfiguredStore(io, env, async (db) => {
      const narrate = await configuredRetroNarrator(config);
      const publish = values.publish ? configuredRetroPublisher(config) : undefined;
      if (values.publish && !publish) io.stderr.write('opsight: --publish needs SLACK_BOT_TOKEN; the drafts are only stored\n');
      const outcomes = await runNightlyRetro(db, {
        lookbackMs,
        ...(values.incident ? { incidentId: values.incident } : {}),
        ...(publish ? { publish } : {}),
        ...(settings.channel ? { defaultChannel: settings.channel } : {}),
        ...(narrate ? { narrate } : {}),
      });
      io.stdout.write(values.format === 'json' ? `${JSON.stringify({ outcomes })}\n` : renderOutcomes(outcomes, values.since ?? settings.lookback));
      return outcomes.some((o) => o.status === 'failed') ? 2 : 0;
    });
  },
};

function renderOutcomes(outcomes: readonly RetroOutcome[], window: string): string {
  if (outcomes.length === 0) return `No incidents resolved in the last ${window}: nothing to draft.\n`;
  const parts: string[] = [];
  for (const o of outcomes) {
    if (o.status === 'drafted') parts.push(`${o.markdown}\n<!-- ${o.incidentId}: stored; ${o.publication} -->\n`);
    else parts.push(`<!-- ${o.incidentId}: ${o.status}: ${o.reason} -->\n`);
  }
  return parts.join('\n---\n\n');
}
