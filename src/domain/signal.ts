import { z } from 'zod';
import { RootCauseKindSchema } from './root-cause-kind.ts';
import { SourceRefSchema } from './sources.ts';

export const SignalLabelSchema = z.enum(['likely-cause', 'contributing', 'correlated', 'symptom', 'unrelated']);
export type SignalLabel = z.infer<typeof SignalLabelSchema>;

export const SignalSourceSchema = z.enum(['change', 'metric', 'alert', 'log', 'chat']);
export type SignalSource = z.infer<typeof SignalSourceSchema>;

/** A candidate explanation or symptom, with the evidence and reasoning a human can check. */
export const SignalSchema = z.object({
  id: z.string(),
  service: z.string(),
  kind: RootCauseKindSchema,
  source: SignalSourceSchema,
  label: SignalLabelSchema,
  /** Probability in [0, 1] that this signal points at the root cause. */
  confidence: z.number().min(0).max(1),
  title: z.string(),
  rationale: z.string(),
  evidence: z.array(SourceRefSchema),
  /** When the signal began (RFC 3339). */
  startedAt: z.string(),
});
export type Signal = z.infer<typeof SignalSchema>;

export const RootCauseSchema = z.object({
  service: z.string(),
  kind: RootCauseKindSchema,
  confidence: z.number().min(0).max(1),
  signalIds: z.array(z.string()),
  /** The change event believed to have caused it, when there is one. */
  changeId: z.string().optional(),
  rationale: z.string().optional(),
});
export type RootCause = z.infer<typeof RootCauseSchema>;
