import { describe, expect, it } from 'vitest';
import { countRequestTokens, countTokens, truncateToTokens } from './count-tokens.ts';

describe('token counting (o200k_base)', { timeout: 30_000 }, () => {
  it('counts real tokens, not characters', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('a'.repeat(400))).toBeLessThan(100);
  });

  it('cuts text to a token budget and says how much was cut', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const cut = truncateToTokens(text, 100);
    expect(cut.truncated).toBe(true);
    expect(cut.tokens).toBeLessThanOrEqual(100);
    expect(cut.text).toMatch(/…\[truncated: \d+ more tokens\]$/);
    expect(truncateToTokens('short', 100)).toEqual({ text: 'short', tokens: 1, truncated: false });
  });

  it('counts a request: messages, tool calls and tool schemas', () => {
    const plain = countRequestTokens([{ role: 'user', content: 'hi' }]);
    const withCall = countRequestTokens([{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'get_timeline', argumentsJson: '{"limit":5}' }] }]);
    const withTools = countRequestTokens([{ role: 'user', content: 'hi' }], [{ name: 'get_timeline', description: 'The timeline', parameters: { type: 'object' } }]);
    expect(withCall).toBeGreaterThan(plain + 4);
    expect(withTools).toBeGreaterThan(plain + 5);
  });
});
