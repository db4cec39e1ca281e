import type { IncidentSubcommand } from './incident-subcommand.ts';
import { commanderSubcommand } from './subcommands/commander-subcommand.ts';
import { createSubcommand } from './subcommands/create-subcommand.ts';
import { helpSubcommand } from './subcommands/help-subcommand.ts';
import { resolveSubcommand } from './subcommands/resolve-subcommand.ts';
import { severitySubcommand } from './subcommands/severity-subcommand.ts';
import { statusSubcommand } from './subcommands/status-subcommand.ts';
import { summarizeSubcommand } from './subcommands/summarize-subcommand.ts';
import { timelineSubcommand } from './subcommands/timeline-subcommand.ts';
import { updateSubcommand } from './subcommands/update-subcommand.ts';

/**
 * `/incident <name>` → handler. Add a subcommand with one import and one entry here (its handler gets an
 * `IncidentCommandContext`); the dispatcher, the help text and unknown-name handling pick it up.
 */
export const INCIDENT_SUBCOMMANDS: Record<string, IncidentSubcommand> = {
  summarize: summarizeSubcommand,
  timeline: timelineSubcommand,
  status: statusSubcommand,
  create: createSubcommand,
  update: updateSubcommand,
  severity: severitySubcommand,
  commander: commanderSubcommand,
  resolve: resolveSubcommand,
  help: helpSubcommand,
};
