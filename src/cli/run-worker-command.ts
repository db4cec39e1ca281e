import { loadConfig } from '../config.ts';
import { configSection, readConfigFile } from '../config-file.ts';
import { openJobQueue } from '../jobs/job-queue.ts';
import { JobsSettingsSchema, RetroSettingsSchema } from '../jobs/jobs-settings.ts';
import { runWorker } from '../jobs/run-worker.ts';
import { migrate } from '../store/migrate.ts';
import type { CliCommand } from './command-registry.ts';
import { openConfiguredStore } from './open-configured-store.ts';
import { configuredRetroNarrator } from './configured-retro-narrator.ts';
import { reportEmbedderFromConfig } from '../embeddings/configured-report-embedder.ts';
import { reportUserError } from './report-user-error.ts';
import { configuredRetroPublisher } from './run-retro-command.ts';
import { reportUsageError } from './report-usage-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = 'opsight worker [--no-schedule]   run queued analysis requests and the nightly retrospective until SIGINT/SIGTERM';

/**
 * `opsight worker`: applies migrations, schedules the nightly retrospective (`retro.schedule` in
 * `retro.timezone`, unless `retro.enabled: false` or `--no-schedule`) and runs jobs until SIGINT or
 * SIGTERM, then stops gracefully. Several workers may share one PostgreSQL.
 */
export const workerCommand: CliCommand = {
  usage: USAGE,
  async run(args, io, env) {
    const parsed = parseCommandArgs({ args, options: { 'no-schedule': { type: 'boolean', default: false } } }, (why) => reportUsageError(io, 'opsight', why, `  ${USAGE}`));
    if (parsed === 2) return 2;
    const { values } = parsed;
    let config, jobs, retro;
    try {
      config = loadConfig(env);
      const file = await readConfigFile(config.OPSIGHT_CONFIG);
      jobs = configSection(file, 'jobs', JobsSettingsSchema);
      retro = configSection(file, 'retro', RetroSettingsSchema);
    } catch (error) {
      reportUserError(io, error);
      return 2;
    }
    const db = await openConfiguredStore(io, env);
    if (!db) return 2;
    const controller = new AbortController();
    const stop = (name: string) => {
      io.stderr.write(`opsight worker: ${name} received\n`);
      controller.abort();
    };
    const onSigint = () => stop('SIGINT');
    const onSigterm = () => stop('SIGTERM');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    try {
      await migrate(db);
      const log = (line: string) => void io.stderr.write(`opsight worker: ${line}\n`);
      const queue = await openJobQueue(db, { settings: jobs, schedule: true, onError: (error) => log(`queue: ${error.message}`) });
      if (retro.enabled && !values['no-schedule']) {
        await queue.scheduleNightlyRetro({ cron: retro.schedule, timezone: retro.timezone, lookback: retro.lookback });
        log(`nightly retrospective scheduled: "${retro.schedule}" ${retro.timezone}, incidents resolved in the last ${retro.lookback}`);
      } else if (!retro.enabled) {
        await queue.unscheduleNightlyRetro();
      }
      const publish = configuredRetroPublisher(config);
      const narrate = await configuredRetroNarrator(config);
      log(`running (${db.driver}); retrospectives ${publish ? 'posted to Slack' : 'stored only (no SLACK_BOT_TOKEN)'}; stop with Ctrl-C`);
      await runWorker(db, queue, {
        signal: controller.signal,
        log,
        defaultLookback: retro.lookback,
        embedder: reportEmbedderFromConfig(config),
        ...(narrate ? { narrate } : {}),
        ...(publish ? { publish } : {}),
        ...(retro.channel ? { defaultChannel: retro.channel } : {}),
      });
      log('stopped');
      return 0;
    } catch (error) {
      reportUserError(io, error);
      return 2;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      await db.close();
    }
  },
};
