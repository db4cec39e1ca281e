import type { GroupSummary } from './aggregate-scores.ts';
import { MilestoneNames } from './truth-schema.ts';

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(0)}%`);
const sec = (x: number | undefined) => (x === undefined ? '–' : x < 120 ? `${x.toFixed(0)} s` : `${(x / 60).toFixed(1)} min`);
const num = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(3));

/** Markdown table of group summaries: one row per group. */
export function formatGroupTable(title: string, rows: ReadonlyMap<string, GroupSummary> | Array<[string, GroupSummary]>): string {
  const head = `| ${title} | n | top-1 | top-3 | kind | kind∣top-1 | red herring blamed | milestone median | milestone p90 | milestone miss | ECE all | ECE top-1 | failed |`;
  const sep = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = [...rows].map(([name, g]) => `| ${name} | ${g.n} | ${pct(g.top1)} | ${pct(g.top3)} | ${pct(g.kind)} | ${pct(g.kindAmongTop1)} | ${g.redHerringScenarios > 0 ? `${pct(g.redHerringBlamed)} of ${g.redHerringScenarios}` : '–'} | ${sec(g.milestones.medianSeconds)} | ${sec(g.milestones.p90Seconds)} | ${pct(g.milestones.missRate)} | ${num(g.eceAll)} | ${num(g.eceTop1)} | ${g.failed} |`);
  return [head, sep, ...lines].join('\n');
}

/** Markdown table of milestone errors per milestone. */
export function formatMilestoneTable(g: GroupSummary): string {
  const lines = MilestoneNames.map((m) => {
    const s = g.perMilestone[m];
    return `| ${m} | ${s.n} | ${sec(s.medianSeconds)} | ${sec(s.p90Seconds)} | ${pct(s.missRate)} |`;
  });
  return ['| milestone | predicted | median error | p90 error | miss rate |', '|---|---:|---:|---:|---:|', ...lines].join('\n');
}

