import { z } from 'zod';
import { ProposedCommandSchema } from './proposal.ts';
import { RootCauseSchema, SignalSchema } from './signal.ts';
import { IngestProblemSchema, SourceNameSchema } from './sources.ts';
import { DurationsSchema, MilestonesSchema, TimelineEventSchema } from './timeline.ts';

/** The analysis report contract of shared/spec/incident-bundle.md, plus a few extras. */
export const ReportSchema = z.object({
  incidentId: z.string(),
  title: z.string(),
  severity: z.string(),
  summary: z.string(),
  timeline: z.array(TimelineEventSchema),
  milestones: MilestonesSchema,
  durations: DurationsSchema,
  signals: z.array(SignalSchema),
  rootCauses: z.array(RootCauseSchema),
  proposedCommands: z.array(ProposedCommandSchema),
  missingSources: z.array(SourceNameSchema),
  problems: z.array(IngestProblemSchema),
  /** Who wrote the prose: `deterministic` or the model name. */
  generatedBy: z.string(),
});
export type Report = z.infer<typeof ReportSchema>;
