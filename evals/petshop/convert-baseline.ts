import { UserError } from '../../src/domain/index.ts';
import type { MetricsColumn, MetricsTable } from './convert-metrics-csv.ts';

/** The issue window with the fault-free baseline in front of it. */
export interface BaselineJoin {
  table: MetricsTable;
  /** Seconds added to every baseline timestamp (negative: the baseline was recorded later). */
  shiftSeconds: number;
  /** Number of leading rows that come from the baseline. */
  baselineRows: number;
}

/**
 * Puts the fault-free baseline (`noissue/metrics.csv`, recorded in another period) in front of an
 * issue window: every baseline timestamp is shifted by the same amount so that the last baseline
 * row falls exactly one step before the first issue row, then the issue rows are appended.
 * Columns are the union of both files, aligned on (node, metric, statistic); a column that one
 * file lacks has no samples (`NaN`) in that file's rows. No value is invented or interpolated.
 *
 * @param stepSeconds the sampling step of both files (300 for PetShop)
 * @throws UserError if either table is empty
 */
export function convertBaseline(baseline: MetricsTable, issue: MetricsTable, stepSeconds: number): BaselineJoin {
  const lastBaseline = baseline.timesSec.at(-1);
  const firstIssue = issue.timesSec[0];
  if (lastBaseline === undefined || firstIssue === undefined) throw new UserError('convertBaseline: baseline and issue tables need at least one row each');
  const shiftSeconds = firstIssue - stepSeconds - lastBaseline;
  const timesSec = [...baseline.timesSec.map((t) => t + shiftSeconds), ...issue.timesSec];
  const nBase = baseline.timesSec.length;

  const columns = new Map<string, MetricsColumn>();
  for (const id of new Set([...baseline.columns.keys(), ...issue.columns.keys()])) {
    const before = baseline.columns.get(id);
    const after = issue.columns.get(id);
    const key = (before ?? after)!.key;
    const values = new Float64Array(timesSec.length).fill(Number.NaN);
    if (before) values.set(before.values, 0);
    if (after) values.set(after.values, nBase);
    columns.set(id, { key, values });
  }
  return { table: { timesSec, columns }, shiftSeconds, baselineRows: nBase };
}
