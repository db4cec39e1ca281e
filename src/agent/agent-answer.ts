import { z } from 'zod';
import type { ResponseFormat } from './chat-model.ts';

/** The model's final reply: prose plus references into the analysis, never new facts or commands. */
export const AgentAnswerSchema = z.object({
  summary: z.string().trim().min(1),
  answer: z.string().nullish(),
  /** Signal ids the prose cites; each must exist in the analysis. */
  citedSignalIds: z.array(z.string()),
  /** Ids of the deterministic report's proposals the model recommends; it cannot add commands. */
  proposedCommandIds: z.array(z.string()),
});
export type AgentAnswer = z.infer<typeof AgentAnswerSchema>;

/** `response_format` for {@link AgentAnswerSchema} (strict mode: every field required, `answer` nullable). */
export const AGENT_ANSWER_FORMAT: ResponseFormat = {
  name: 'incident_answer',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'answer', 'citedSignalIds', 'proposedCommandIds'],
    properties: {
      summary: { type: 'string' },
      answer: { type: ['string', 'null'] },
      citedSignalIds: { type: 'array', items: { type: 'string' } },
      proposedCommandIds: { type: 'array', items: { type: 'string' } },
    },
  },
};

/** What an answer may refer to: the analysis' signal ids and the report's proposal ids. */
export interface AllowedReferences {
  signalIds: ReadonlySet<string>;
  commandIds: ReadonlySet<string>;
}

/**
 * Parses and checks the model's final content: JSON (a ```json fence is tolerated), the schema, cited
 * signal ids that exist, proposal ids from the report only. Ids written in [brackets] inside the prose
 * must exist too. Returns the problems in words the model can act on.
 */
export function parseAgentAnswer(content: string | null, allowed: AllowedReferences): { ok: true; value: AgentAnswer } | { ok: false; problem: string } {
  if (!content?.trim()) return { ok: false, problem: 'the reply was empty' };
  const json = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'the reply was not a JSON object' };
  }
  const parsed = AgentAnswerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'}: ${i.message}`).join('; ') };
  const value = parsed.data;
  const inProse = [...`${value.summary} ${value.answer ?? ''}`.matchAll(/\[((?:change|metric|log|alert|chat):[^\]\s]+)\]/g)].map((m) => m[1]!);
  const unknownSignals = [...new Set([...value.citedSignalIds, ...inProse])].filter((id) => !allowed.signalIds.has(id));
  if (unknownSignals.length) return { ok: false, problem: `unknown signal ids ${unknownSignals.slice(0, 5).join(', ')}: cite only ids from the data` };
  const unknownCommands = value.proposedCommandIds.filter((id) => !allowed.commandIds.has(id));
  if (unknownCommands.length) return { ok: false, problem: `proposedCommandIds ${unknownCommands.slice(0, 5).join(', ')} are not proposals of the analysis: use only the listed ids` };
  return { ok: true, value: { ...value, citedSignalIds: [...new Set([...value.citedSignalIds, ...inProse])] } };
}
