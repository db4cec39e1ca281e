import { z } from 'zod';
import { Rfc3339Schema, RootCauseKindSchema } from '../../src/domain/index.ts';

/** `truth.json` of an evaluation bundle (shared/spec/incident-bundle.md). */
export const TruthSchema = z.object({
  rootCause: z.object({ service: z.string().min(1), kind: RootCauseKindSchema, changeId: z.string().optional() }),
  contributing: z.array(z.object({ service: z.string(), kind: RootCauseKindSchema })).default([]),
  redHerrings: z.array(z.object({ service: z.string(), changeId: z.string() })).default([]),
  keyEvents: z.object({
    firstSymptom: Rfc3339Schema,
    detected: Rfc3339Schema,
    /** Absent while the incident is still going on (the `mid-incident` variant). */
    mitigated: Rfc3339Schema.optional(),
    resolved: Rfc3339Schema.optional(),
  }),
  remediation: z.array(z.object({ action: z.string(), service: z.string() }).catchall(z.string())).default([]),
});
export type Truth = z.infer<typeof TruthSchema>;

/** `case.yaml` of an evaluation scenario. */
export const CaseInfoSchema = z.object({
  seed: z.number().int(),
  slug: z.string(),
  kind: RootCauseKindSchema,
  topology: z.string(),
  tags: z.array(z.string()),
  description: z.string(),
  serviceCount: z.number().int().optional(),
  stepSeconds: z.number().int().optional(),
});
export type CaseInfo = z.infer<typeof CaseInfoSchema>;

export const MilestoneNames = ['firstSymptom', 'detected', 'mitigated', 'resolved'] as const;
export type MilestoneName = (typeof MilestoneNames)[number];
