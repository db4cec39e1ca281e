import { describe, expect, it } from 'vitest';
import { ANSWER_RESERVE_TOKENS, decideNextStep, type LoopState } from './decide-next-step.ts';

const base: LoopState = { toolCallCount: 2, step: 1, maxSteps: 6, elapsedMs: 1_000, wallTimeMs: 60_000, promptTokens: 5_000, maxPromptTokens: 12_000, maxToolOutputTokens: 1_200 };

describe('decideNextStep', () => {
  it.each<[string, Partial<LoopState>, ReturnType<typeof decideNextStep>]>([
    ['a reply without tool calls is the answer, whatever the budgets', { toolCallCount: 0, step: 9, elapsedMs: 99_000 }, { type: 'answer' }],
    ['tool calls within every budget run, each output capped', {}, { type: 'call_tools', count: 2, maxTokensPerOutput: 1_200 }],
    ['the cap shrinks to the room left in the prompt budget', { promptTokens: 10_000 }, { type: 'call_tools', count: 2, maxTokensPerOutput: Math.floor((2_000 - ANSWER_RESERVE_TOKENS) / 2) - 10 }],
    ['no room for useful outputs is out of the token budget', { promptTokens: 11_500 }, { type: 'out_of_budget', budget: 'prompt_tokens' }],
    ['the last step may not call tools', { step: 6 }, { type: 'out_of_budget', budget: 'steps' }],
    ['wall time beats everything else', { step: 6, elapsedMs: 60_000 }, { type: 'out_of_budget', budget: 'wall_time' }],
  ])('%s', (_name, patch, expected) => {
    expect(decideNextStep({ ...base, ...patch })).toEqual(expected);
  });
});
