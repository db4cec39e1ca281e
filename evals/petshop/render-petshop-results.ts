import type { PetshopScore, PetshopScoreRow } from './score-petshop.ts';

/** Everything the results section shows besides the scores. */
export interface PetshopResultsMeta {
  /** `YYYY-MM-DD` of the run. */
  date: string;
  /** `train` | `test` | `all`. */
  split: string;
  /** The fixed class-frequency ranking, with how many labels it was fit on. */
  prior: readonly string[];
  priorLabels: number;
  /** Short git revision of the analyzer, if known. */
  revision?: string;
  /** Wall time of all analyzer calls, milliseconds. */
  analyzeMs: number;
  /** Root-cause label counts per split, over the bundles scored. */
  labelsBySplit: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The headline scored with a prior fit on the train labels only (the fair version of the prior). */
  trainPriorHeadline?: PetshopScoreRow;
  /** Heading suffix, e.g. ` (with change events)`. */
  variant?: string;
}

const ATTRIBUTION =
  'Data: PetShop RCA dataset, CC-BY-4.0 — M. Hardt, W. Orchard, P. Blöbaum, S. Kasiviswanathan, E. Kirschbaum, ' +
  '"The PetShop Dataset — Finding Causes of Performance Issues across Microservices", CLeaR 2024, PMLR 236:957–978 (arXiv:2311.04806).';

/** Renders the scores as the markdown that goes between the petshop markers of `evals/RESULTS.md`. */
export function renderPetshopResults(score: PetshopScore, meta: PetshopResultsMeta): string {
  const h = score.headline;
  const lines = [
    `## PetShop (real AWS telemetry)${meta.variant ?? ''}`,
    '',
    `Run ${meta.date}${meta.revision ? ` at \`${meta.revision}\`` : ''}, split \`${meta.split}\`, analyzer wall time ${(meta.analyzeMs / 1000).toFixed(1)} s. ` +
      'A hit at k: the true root-cause node is among the first k `rootCauses` of the report (exact service name). ' +
      'Calibration counts only bundles where the analyzer named a root cause: ECE (10 equal-width bins) of the top candidate\'s ' +
      'confidence and of every listed candidate\'s confidence against being the true root, and the mean top-1 confidence ' +
      '(higher than the top-1 accuracy means over-confident).',
    `Prior = fixed ranking by class frequency over all ${meta.priorLabels} labels: ${meta.prior.map((n) => `\`${n}\``).join(' > ')}. ` +
      'It sees the test labels, so it is an optimistic baseline' +
      (meta.trainPriorHeadline && meta.trainPriorHeadline.n > 0
        ? `; fit on the train labels only it scores ${frac(meta.trainPriorHeadline.priorTop1, meta.trainPriorHeadline.n)} / ${frac(meta.trainPriorHeadline.priorTop3, meta.trainPriorHeadline.n)} on the headline set.`
        : '.'),
    '',
    h.n > 0
      ? `**Headline — ${h.label}: top-1 ${frac(h.top1, h.n)}, top-3 ${frac(h.top3, h.n)} (prior ${frac(h.priorTop1, h.n)} / ${frac(h.priorTop3, h.n)}); ` +
        `ECE top-1 ${decimal(h.eceTop1)}, ECE all ${decimal(h.eceAll)}, mean top-1 confidence ${decimal(h.meanTop1Confidence)}.**`
      : '**Headline (test split, issues with a baseline): not run.**',
    '',
    '### By scenario × split',
    '',
    ...table(score.byScenario),
    '',
    '### By target metric × split',
    '',
    ...table(score.byMetric),
    '',
    'temporal_traffic1/2 have no fault-free baseline in our snapshot (only the 25-minute issue window).',
    ...Object.entries(meta.labelsBySplit).map(([split, counts]) =>
      `Labels in ${split}: ${Object.entries(counts).sort(([, a], [, b]) => b - a).map(([node, n]) => `\`${node}\` ${n}`).join(', ')}.`),
    '',
    ATTRIBUTION,
  ];
  return lines.join('\n');
}

function table(rows: readonly PetshopScoreRow[]): string[] {
  return [
    '| group | n | top-1 | mean top-1 confidence | top-3 | prior top-1 | prior top-3 | ECE top-1 | ECE all | no answer | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${r.n} | ${frac(r.top1, r.n)} | ${decimal(r.meanTop1Confidence)} | ${frac(r.top3, r.n)} | ` +
      `${frac(r.priorTop1, r.n)} | ${frac(r.priorTop3, r.n)} | ${decimal(r.eceTop1)} | ${decimal(r.eceAll)} | ${r.empty} | ${r.errors} |`),
  ];
}

/** `0.07`, or `–` when undefined. */
export function decimal(x: number | undefined): string {
  return x === undefined ? '–' : x.toFixed(2);
}

/** `3/8 (0.38)` */
export function frac(hits: number, n: number): string {
  return n === 0 ? '–' : `${hits}/${n} (${(hits / n).toFixed(2)})`;
}
