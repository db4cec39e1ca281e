import { z } from 'zod';
import { SourceRefSchema } from './sources.ts';

export const TimelineEventKindSchema = z.enum(['alert', 'change', 'chat', 'metric', 'log', 'milestone']);

/** One line of the reconstructed incident timeline. */
export const TimelineEventSchema = z.object({
  time: z.string(),
  kind: TimelineEventKindSchema,
  text: z.string(),
  source: SourceRefSchema,
  service: z.string().optional(),
  /** Chat filler (+1, brb) and re-sends: kept for retrieval, hidden from the summary timeline. */
  minor: z.boolean().optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const MilestonesSchema = z.object({
  firstSymptom: z.string().optional(),
  detected: z.string().optional(),
  mitigated: z.string().optional(),
  resolved: z.string().optional(),
});
export type Milestones = z.infer<typeof MilestonesSchema>;

/** Durations in seconds between milestones; absent when either end is unknown. */
export const DurationsSchema = z.object({
  timeToDetectSeconds: z.number().optional(),
  timeToMitigateSeconds: z.number().optional(),
  timeToResolveSeconds: z.number().optional(),
});
export type Durations = z.infer<typeof DurationsSchema>;
