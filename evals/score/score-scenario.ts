import type { Report } from '../../src/domain/index.ts';
import { MilestoneNames, type MilestoneName, type Truth } from './truth-schema.ts';

/** One `rootCauses` entry reduced to what calibration needs. */
export interface CalibrationPoint {
  confidence: number;
  /** The entry names the true root-cause service. */
  correct: boolean;
}

/** How one report did against one truth. */
export interface ScenarioScore {
  top1: boolean;
  top3: boolean;
  kindCorrect: boolean;
  /** The scenario has red herrings and the report blamed one. */
  redHerringBlamed: boolean;
  hasRedHerrings: boolean;
  /**
   * |predicted − truth| in seconds; undefined when the report has no (parsable) prediction. A milestone
   * the truth does not have (not yet happened) has no key.
   */
  milestoneErrorSeconds: Partial<Record<MilestoneName, number | undefined>>;
  /** Every `rootCauses` entry (for calibration over all entries). */
  calibration: CalibrationPoint[];
  /** The first entry only; undefined when the report ranks nothing. */
  top1Calibration?: CalibrationPoint;
  /** The analyzer threw or timed out: everything counts as a miss. */
  failed: boolean;
}

/**
 * Scores a report against the truth. `changeRefs` maps a change id to the evidence refs that
 * point at it (`changes.jsonl:<line>`, 1-based), so a signal citing a red-herring change is caught
 * whether it names the id or cites the line.
 */
export function scoreScenario(report: Report, truth: Truth, changeRefs: ReadonlyMap<string, readonly string[]> = new Map()): ScenarioScore {
  const causes = report.rootCauses;
  const rootService = truth.rootCause.service;
  const first = causes[0];
  const top1 = first?.service === rootService;
  const top3 = causes.slice(0, 3).some((c) => c.service === rootService);
  const rhServices = new Set(truth.redHerrings.map((r) => r.service));
  const rhIds = truth.redHerrings.map((r) => r.changeId);
  const citesRedHerring = (texts: string[]) => rhIds.some((id) => {
    const refs = changeRefs.get(id) ?? [];
    return texts.some((t) => refs.includes(t) || containsToken(t, id));
  });
  const blamedByRank = first !== undefined && (rhServices.has(first.service) || (first.changeId !== undefined && rhIds.includes(first.changeId)));
  const blamedBySignal = report.signals.some((s) => s.label === 'likely-cause'
    && citesRedHerring([s.id, s.title, s.rationale, ...s.evidence.map((e) => e.ref)]));
  const milestoneErrorSeconds: ScenarioScore['milestoneErrorSeconds'] = {};
  for (const m of MilestoneNames) {
    const predicted = parseTime(report.milestones[m]);
    const actual = parseTime(truth.keyEvents[m]);
    if (actual === undefined) continue; // it has not happened yet: nothing to score
    milestoneErrorSeconds[m] = predicted === undefined ? undefined : Math.abs(predicted - actual) / 1000;
  }
  const calibration = causes.map((c) => ({ confidence: c.confidence, correct: c.service === rootService }));
  const score: ScenarioScore = {
    top1, top3,
    kindCorrect: first?.kind === truth.rootCause.kind,
    redHerringBlamed: truth.redHerrings.length > 0 && (blamedByRank || blamedBySignal),
    hasRedHerrings: truth.redHerrings.length > 0,
    milestoneErrorSeconds, calibration, failed: false,
  };
  if (calibration[0]) score.top1Calibration = calibration[0];
  return score;
}

/** The score of a scenario the analyzer could not handle. */
export function failedScore(truth: Truth): ScenarioScore {
  return {
    top1: false, top3: false, kindCorrect: false, redHerringBlamed: false, hasRedHerrings: truth.redHerrings.length > 0,
    milestoneErrorSeconds: Object.fromEntries(MilestoneNames.filter((m) => truth.keyEvents[m] !== undefined).map((m) => [m, undefined])),
    calibration: [], failed: true,
  };
}

/** Maps change ids to their `changes.jsonl:<line>` refs (1-based lines) from the file text. */
export function changeRefsFromJsonl(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const id = (JSON.parse(line) as { id?: unknown }).id;
      if (typeof id === 'string') out.set(id, [...(out.get(id) ?? []), `changes.jsonl:${i + 1}`]);
    } catch {
      // An unparsable line cannot be cited by id.
    }
  });
  return out;
}

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function containsToken(text: string, token: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(token, from);
    if (i < 0) return false;
    const before = text[i - 1];
    const after = text[i + token.length];
    if ((before === undefined || !/[A-Za-z0-9_-]/.test(before)) && (after === undefined || !/[A-Za-z0-9_]/.test(after))) return true;
    from = i + 1;
  }
}
