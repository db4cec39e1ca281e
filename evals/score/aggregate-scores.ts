import { expectedCalibrationError } from './calibration-error.ts';
import type { ScenarioScore } from './score-scenario.ts';
import { median, percentile } from './summarize.ts';
import { MilestoneNames, type MilestoneName } from './truth-schema.ts';

/** Milestone error statistics in seconds over the scenarios that predicted the milestone. */
export interface MilestoneStats {
  medianSeconds?: number;
  p90Seconds?: number;
  /** Share of (scenario, milestone) pairs with no prediction, among the milestones the truth has. */
  missRate: number;
  n: number;
}

/** The metrics of one group of scenarios. */
export interface GroupSummary {
  n: number;
  top1: number;
  top3: number;
  kind: number;
  /** Kind accuracy among the top-1-correct scenarios (undefined when none). */
  kindAmongTop1?: number;
  /** Share of the scenarios with red herrings where one was blamed (undefined when none had any). */
  redHerringBlamed?: number;
  redHerringScenarios: number;
  milestones: MilestoneStats;
  perMilestone: Record<MilestoneName, MilestoneStats>;
  /** ECE over every `rootCauses` entry, and over the first entries only. */
  eceAll?: number;
  eceTop1?: number;
  failed: number;
}

/** Aggregates scenario scores into one group summary. */
export function summarizeGroup(scores: readonly ScenarioScore[]): GroupSummary {
  const n = scores.length;
  const share = (k: number, d: number) => (d === 0 ? 0 : k / d);
  const top1Correct = scores.filter((s) => s.top1);
  const withRh = scores.filter((s) => s.hasRedHerrings);
  const stats = (names: readonly MilestoneName[]): MilestoneStats => {
    const errs: number[] = [];
    let missed = 0;
    let scored = 0;
    for (const s of scores) {
      for (const m of names) {
        if (!(m in s.milestoneErrorSeconds)) continue;
        scored++;
        const e = s.milestoneErrorSeconds[m];
        if (e === undefined) missed++;
        else errs.push(e);
      }
    }
    const out: MilestoneStats = { missRate: share(missed, scored), n: errs.length };
    const med = median(errs);
    const p90 = percentile(errs, 90);
    if (med !== undefined) out.medianSeconds = med;
    if (p90 !== undefined) out.p90Seconds = p90;
    return out;
  };
  const perMilestone = Object.fromEntries(MilestoneNames.map((m) => [m, stats([m])])) as Record<MilestoneName, MilestoneStats>;
  const summary: GroupSummary = {
    n,
    top1: share(top1Correct.length, n),
    top3: share(scores.filter((s) => s.top3).length, n),
    kind: share(scores.filter((s) => s.kindCorrect).length, n),
    redHerringScenarios: withRh.length,
    milestones: stats(MilestoneNames),
    perMilestone,
    failed: scores.filter((s) => s.failed).length,
  };
  if (top1Correct.length > 0) summary.kindAmongTop1 = share(top1Correct.filter((s) => s.kindCorrect).length, top1Correct.length);
  if (withRh.length > 0) summary.redHerringBlamed = share(withRh.filter((s) => s.redHerringBlamed).length, withRh.length);
  const eceAll = expectedCalibrationError(scores.flatMap((s) => s.calibration));
  const eceTop1 = expectedCalibrationError(scores.flatMap((s) => (s.top1Calibration ? [s.top1Calibration] : [])));
  if (eceAll !== undefined) summary.eceAll = eceAll;
  if (eceTop1 !== undefined) summary.eceTop1 = eceTop1;
  return summary;
}

/** A scored scenario with what it is grouped by. */
export interface ScoredCase {
  kind: string;
  tags: readonly string[];
  score: ScenarioScore;
}

/** Summaries overall, per root-cause kind and per tag (each sorted by name). */
export function summarizeAll(cases: readonly ScoredCase[]): { overall: GroupSummary; byKind: Map<string, GroupSummary>; byTag: Map<string, GroupSummary> } {
  const group = (keyOf: (c: ScoredCase) => readonly string[]) => {
    const buckets = new Map<string, ScenarioScore[]>();
    for (const c of cases) for (const k of keyOf(c)) buckets.set(k, [...(buckets.get(k) ?? []), c.score]);
    return new Map([...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, summarizeGroup(v)]));
  };
  return { overall: summarizeGroup(cases.map((c) => c.score)), byKind: group((c) => [c.kind]), byTag: group((c) => c.tags) };
}
