import { z } from 'zod';

export const RiskSchema = z.enum(['low', 'medium', 'high']);

/** A remediation command the analysis proposes. Never executed without human approval. */
export const ProposedCommandSchema = z.object({
  id: z.string(),
  command: z.string(),
  args: z.record(z.string(), z.string()),
  risk: RiskSchema,
  requiresApproval: z.literal(true),
  rationale: z.string(),
});
export type ProposedCommand = z.infer<typeof ProposedCommandSchema>;
