import { describe, expect, it } from 'vitest';
import { formatProbability } from './format-probability.ts';

describe('formatProbability', () => {
  it.each([[0.999, '>99%'], [0.82, '82%'], [0.004, '<1%'], [0, '0%']])('%d → %s', (p, text) => {
    expect(formatProbability(p)).toBe(text);
  });
});
