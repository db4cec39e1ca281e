import { z } from 'zod';

/** One secret embedded in a realistic sentence: `secret` is the exact substring that must not survive. */
export const SecretCaseSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1).describe('secret family, e.g. slack, aws, url-password, email, card'),
  secret: z.string().min(1),
  text: z.string().min(1),
});
export type SecretCase = z.infer<typeof SecretCaseSchema>;

/** One harmless look-alike (git SHA, UUID, trace id…) in context: redaction must leave `text` unchanged. */
export const LookalikeCaseSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  text: z.string().min(1),
});
export type LookalikeCase = z.infer<typeof LookalikeCaseSchema>;
