import { z } from 'zod';

/** What the loop does after a model reply: data, decided by a pure function. */
export const NextStepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call_tools'), count: z.number().int().min(1), maxTokensPerOutput: z.number().int().min(1) }),
  z.object({ type: z.literal('answer') }),
  z.object({ type: z.literal('out_of_budget'), budget: z.enum(['steps', 'prompt_tokens', 'wall_time']) }),
]);
export type NextStep = z.infer<typeof NextStepSchema>;

/** The loop's state when a reply arrives. */
export interface LoopState {
  /** Tool calls in the reply (0 = the model answered). */
  toolCallCount: number;
  /** Tool-calling round trips done so far, this one included. */
  step: number;
  maxSteps: number;
  elapsedMs: number;
  wallTimeMs: number;
  /** Locally counted prompt tokens of the conversation so far, this reply included. */
  promptTokens: number;
  maxPromptTokens: number;
  maxToolOutputTokens: number;
}

/** Tokens kept free for the final answer request's instructions and the model's framing. */
export const ANSWER_RESERVE_TOKENS = 400;
/** A tool output smaller than this is not worth sending. */
const MIN_TOOL_OUTPUT_TOKENS = 80;

/**
 * `answer` when the model replied without tool calls; `call_tools` (with the token cap per tool output
 * that keeps the next prompt within budget) when it asked for tools and every budget allows another
 * round; else `out_of_budget` naming the budget that ran out.
 */
export function decideNextStep(s: LoopState): NextStep {
  if (s.toolCallCount === 0) return { type: 'answer' };
  if (s.elapsedMs >= s.wallTimeMs) return { type: 'out_of_budget', budget: 'wall_time' };
  if (s.step >= s.maxSteps) return { type: 'out_of_budget', budget: 'steps' };
  const room = s.maxPromptTokens - s.promptTokens - ANSWER_RESERVE_TOKENS;
  const perOutput = Math.min(s.maxToolOutputTokens, Math.floor(room / s.toolCallCount) - 10);
  if (perOutput < MIN_TOOL_OUTPUT_TOKENS) return { type: 'out_of_budget', budget: 'prompt_tokens' };
  return { type: 'call_tools', count: s.toolCallCount, maxTokensPerOutput: perOutput };
}
