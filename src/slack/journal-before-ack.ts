import type { Context, Logger } from '@slack/bolt';
import type { IncidentSubcommand } from './incident-subcommand.ts';
import type { IntakeJournal } from './intake-journal.ts';
import { intakeWork } from './intake-work.ts';
import type { OpsightMetrics } from './opsight-metrics.ts';

const INTAKE_ID = 'intakeId';

/**
 * The receiver's `customPropertiesExtractor`: Bolt acks an event before any middleware or listener runs,
 * but this hook runs after the signature check and before the ack, so the journal line is written before
 * Slack hears "200". The journal id travels in Bolt's context (`intakeIdOf`) to whoever marks it done.
 * A failed write is logged and the request acknowledged anyway.
 */
export function journalBeforeAck(options: {
  journal: IntakeJournal;
  subcommands: Readonly<Record<string, IncidentSubcommand>>;
  commandName: string;
  metrics: OpsightMetrics;
  logger: Logger;
}): (body: unknown) => Record<string, string> {
  const { journal, subcommands, commandName, metrics, logger } = options;
  return (body): Record<string, string> => {
    const work = intakeWork(body, subcommands, commandName);
    if (!work) return {};
    try {
      return { [INTAKE_ID]: journal.record(work) };
    } catch (error) {
      metrics.failures.inc({ stage: 'intake_journal' });
      logger.error(`could not journal a Slack request in ${journal.path}; acknowledging it anyway (a crash before its job is queued would lose it)`, error);
      return {};
    }
  };
}

/** The journal id `journalBeforeAck` gave this request, when it was journaled. */
export function intakeIdOf(context: Context): string | undefined {
  const id = context[INTAKE_ID];
  return typeof id === 'string' ? id : undefined;
}
