import { describe, expect, it } from 'vitest';
import { summarizeAll, summarizeGroup } from './aggregate-scores.ts';
import type { ScenarioScore } from './score-scenario.ts';

function score(over: Partial<ScenarioScore>): ScenarioScore {
  return {
    top1: false, top3: false, kindCorrect: false, redHerringBlamed: false, hasRedHerrings: false,
    milestoneErrorSeconds: { firstSymptom: undefined, detected: undefined, mitigated: undefined, resolved: undefined },
    calibration: [], failed: false, ...over,
  };
}

describe('summarizeGroup', () => {
  const a = score({ top1: true, top3: true, kindCorrect: true, hasRedHerrings: true, milestoneErrorSeconds: { firstSymptom: 10, detected: 0, mitigated: 100, resolved: undefined }, calibration: [{ confidence: 0.8, correct: true }, { confidence: 0.1, correct: false }], top1Calibration: { confidence: 0.8, correct: true } });
  const b = score({ top3: true, hasRedHerrings: true, redHerringBlamed: true, milestoneErrorSeconds: { firstSymptom: 30, detected: 20, mitigated: undefined, resolved: 0 }, calibration: [{ confidence: 0.6, correct: false }], top1Calibration: { confidence: 0.6, correct: false } });
  const c = score({ failed: true });
  const g = summarizeGroup([a, b, c]);

  it('computes shares over all scenarios', () => {
    expect([g.n, g.top1, g.top3, g.kind, g.failed]).toEqual([3, 1 / 3, 2 / 3, 1 / 3, 1]);
    expect(g.kindAmongTop1).toBe(1);
  });

  it('computes the red-herring rate over the scenarios that have red herrings', () => {
    expect([g.redHerringBlamed, g.redHerringScenarios]).toEqual([0.5, 2]);
  });

  it('pools milestone errors and counts misses', () => {
    // Errors: 10, 0, 100, 30, 20, 0 → sorted 0 0 10 20 30 100: median 15, p90 = 6th = 100. Misses 6 of 12.
    expect(g.milestones).toEqual({ medianSeconds: 15, p90Seconds: 100, missRate: 0.5, n: 6 });
    expect(g.perMilestone.firstSymptom).toEqual({ medianSeconds: 20, p90Seconds: 30, missRate: 1 / 3, n: 2 });
    expect(g.perMilestone.resolved).toEqual({ medianSeconds: 0, p90Seconds: 0, missRate: 2 / 3, n: 1 });
  });

  it('does not count a milestone the truth does not have (an incident cut before it) as a miss', () => {
    const ongoing = score({ milestoneErrorSeconds: { firstSymptom: 10, detected: undefined } });
    expect(summarizeGroup([ongoing]).milestones).toEqual({ medianSeconds: 10, p90Seconds: 10, missRate: 0.5, n: 1 });
    expect(summarizeGroup([ongoing]).perMilestone.resolved).toEqual({ missRate: 0, n: 0 });
  });

  it('computes ECE over all entries and over first entries', () => {
    // All: bins 8 (0.8 ✓), 1 (0.1 ✗), 6 (0.6 ✗) → (0.2 + 0.1 + 0.6) / 3.
    expect(g.eceAll).toBeCloseTo(0.3, 10);
    // Top-1: (0.2 + 0.6) / 2.
    expect(g.eceTop1).toBeCloseTo(0.4, 10);
  });
});

describe('summarizeAll', () => {
  it('groups by kind and by every tag', () => {
    const out = summarizeAll([
      { kind: 'deploy', tags: ['red-herring', 'gaps'], score: score({ top1: true }) },
      { kind: 'config', tags: ['gaps'], score: score({}) },
    ]);
    expect(out.overall.top1).toBe(0.5);
    expect([...out.byKind.keys()]).toEqual(['config', 'deploy']);
    expect(out.byTag.get('gaps')?.n).toBe(2);
    expect(out.byTag.get('red-herring')?.top1).toBe(1);
  });
});
