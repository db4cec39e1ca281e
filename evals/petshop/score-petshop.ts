import { expectedCalibrationError } from '../score/calibration-error.ts';
import type { CalibrationPoint } from '../score/score-scenario.ts';
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
  /** `report.rootCauses[i].confidence`, parallel to `ranking`. */
  confidences: number[];
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
  /** Calibration over the bundles that named a root cause; undefined when none did. */
  eceTop1: number | undefined;
  eceAll: number | undefined;
  meanTop1Confidence: number | undefined;
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

/** The ranking and confidences of a report's `rootCauses`, in report order. */
export function rankedAnswer(rootCauses: readonly { service: string; confidence: number }[]): Pick<PetshopOutcome, 'ranking' | 'confidences'> {
  return { ranking: rootCauses.map((c) => c.service), confidences: rootCauses.map((c) => c.confidence) };
}

/** What calibration reads of an outcome (the sim runner's outcomes have it too). */
export type RankedAnswer = Pick<PetshopOutcome, 'rootCause' | 'ranking' | 'confidences'>;

export type PetshopCalibration = Pick<PetshopScoreRow, 'eceTop1' | 'eceAll' | 'meanTop1Confidence'>;

/**
 * Expected calibration error of the top candidate and of every listed candidate (each confidence vs
 * whether that candidate is the true root), and the mean confidence of the top candidate. Bundles
 * where the analyzer failed or named nothing contribute no points.
 */
export function calibrationOf(outcomes: readonly RankedAnswer[]): PetshopCalibration {
  const points = (o: RankedAnswer): CalibrationPoint[] =>
    o.confidences.map((confidence, i) => ({ confidence, correct: o.ranking[i] === o.rootCause }));
  const top1 = outcomes.flatMap((o) => points(o).slice(0, 1));
  return {
    eceTop1: expectedCalibrationError(top1),
    eceAll: expectedCalibrationError(outcomes.flatMap(points)),
    meanTop1Confidence: top1.length === 0 ? undefined : top1.reduce((sum, p) => sum + p.confidence, 0) / top1.length,
  };
}

/** Scores one group (a hit at k when the truth is among the first k entries of the ranking) and its calibration. */
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
  return { label, n: outcomes.length, top1, top3, priorTop1, priorTop3, errors, empty, ...calibrationOf(outcomes) };
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
