import { describe, expect, it } from 'vitest';
import { loadCorpus } from './load-corpus.ts';
import { leaks, scoreRedaction } from './score-redaction.ts';

describe('redaction corpus targets', () => {
  const { secrets, lookalikes } = loadCorpus();
  const score = scoreRedaction(secrets, lookalikes);

  it('holds at least 120 secrets and 120 look-alikes', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(120);
    expect(lookalikes.length).toBeGreaterThanOrEqual(120);
  });

  it('removes every corpus secret (recall 100 %)', () => {
    const missed = score.recall.byKind.flatMap((k) => k.failedIds);
    expect(missed).toEqual([]);
  });

  it('alters at most 2 % of the look-alikes', () => {
    const altered = score.falsePositives.byKind.flatMap((k) => k.failedIds);
    expect(altered.length / lookalikes.length, `altered: ${altered.join(', ')}`).toBeLessThanOrEqual(0.02);
  });
});

describe('leaks', () => {
  it.each([
    ['abcdefghijklmnop', 'x abcdefghijklmnop y', true],
    ['abcdefghijklmnop', 'x [SECRET-1]mnop y', false],
    ['abcdefghijklmnop', 'x abcdefghijkl[SECRET-1]', true],
  ])('%j in %j → %j', (secret, output, expected) => {
    expect(leaks(secret, output)).toBe(expected);
  });
});
