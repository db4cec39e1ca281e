import type { PetshopScenario, PetshopSplit } from './convert-issue.ts';
import { PETSHOP_SCENARIOS, PETSHOP_SPLITS } from './list-petshop-issues.ts';

/** What the analyzer said about one bundle, next to its ground truth. */
export interface PetshopOutcome {
  id: string;
  scenario: PetshopScenario;
  split: PetshopSplit;
  targetMetric: 'latency' | 'availability';
  hasBaseline: boolean;
  /** Ground-truth root-cause node. */
  rootCause: string;
  /** `report.rootCauses[i].service`, in report order; empty when the analyzer named none or failed. */
  ranking: string[];
  /** Set when the analyzer threw on this bundle (counted as a miss). */
  error?: string;
}

/** Top-k counts of one group of bundles, for the analyzer and for the class-frequency prior. */
export interface PetshopScoreRow {
  label: string;
  n: number;
  top1: number;
  top3: number;
  priorTop1: number;
  priorTop3: number;
  /** Bundles where the analyzer failed. */
  errors: number;
  /** Bundles where the analyzer returned no root cause at all. */
  empty: number;
}

export interface PetshopScore {
  /** Test split, issues with a fault-free baseline (low_traffic + high_traffic). */
  headline: PetshopScoreRow;
  /** scenario × split, then an `all` row per split. */
  byScenario: PetshopScoreRow[];
  /** target metric × split. */
  byMetric: PetshopScoreRow[];
}

/** Rank (0-based) of `truth` in `ranking`, or -1. A match is exact string equality of service names. */
export function rankOf(ranking: readonly string[], truth: string): number {
  return ranking.indexOf(truth);
}

/** Scores one group: a hit at k when the truth is among the first k entries of the ranking. */
export function scoreRow(label: string, outcomes: readonly PetshopOutcome[], prior: readonly string[]): PetshopScoreRow {
  const hit = (ranking: readonly string[], truth: string, k: number) => {
    const rank = rankOf(ranking, truth);
    return rank >= 0 && rank < k ? 1 : 0;
  };
  let top1 = 0, top3 = 0, priorTop1 = 0, priorTop3 = 0, errors = 0, empty = 0;
  for (const o of outcomes) {
    top1 += hit(o.ranking, o.rootCause, 1);
    top3 += hit(o.ranking, o.rootCause, 3);
    priorTop1 += hit(prior, o.rootCause, 1);
    priorTop3 += hit(prior, o.rootCause, 3);
    if (o.error !== undefined) errors++;
    else if (o.ranking.length === 0) empty++;
  }
  return { label, n: outcomes.length, top1, top3, priorTop1, priorTop3, errors, empty };
}

/**
 * Scores analyzer outcomes per scenario × split and per target metric × split, plus the headline
 * (test split, issues with a baseline), each next to the fixed `prior` ranking. Groups with no
 * outcome (a split not run) are left out.
 */
export function scorePetshop(outcomes: readonly PetshopOutcome[], prior: readonly string[]): PetshopScore {
  const byScenario: PetshopScoreRow[] = [];
  const byMetric: PetshopScoreRow[] = [];
  for (const split of PETSHOP_SPLITS) {
    const inSplit = outcomes.filter((o) => o.split === split);
    if (inSplit.length === 0) continue;
    for (const scenario of PETSHOP_SCENARIOS) {
      const group = inSplit.filter((o) => o.scenario === scenario);
      if (group.length > 0) byScenario.push(scoreRow(`${scenario} / ${split}`, group, prior));
    }
    byScenario.push(scoreRow(`all / ${split}`, inSplit, prior));
    for (const metric of ['latency', 'availability'] as const) {
      const group = inSplit.filter((o) => o.targetMetric === metric);
      if (group.length > 0) byMetric.push(scoreRow(`${metric} / ${split}`, group, prior));
    }
  }
  const headline = scoreRow('test, with baseline (low + high)', outcomes.filter((o) => o.split === 'test' && o.hasBaseline), prior);
  return { headline, byScenario, byMetric };
}
