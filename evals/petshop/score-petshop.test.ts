import { describe, expect, it } from 'vitest';
import { classPrior } from './class-prior.ts';
import { decimal, frac, renderPetshopResults } from './render-petshop-results.ts';
import { calibrationOf, rankedAnswer, scorePetshop, scoreRow, type PetshopOutcome } from './score-petshop.ts';

const SEARCH = 'PetSearch_AWS::ECS::Fargate';
const PAY = 'payforadoption_AWS::ECS::Container';
const LAMBDA = 'lambdastatusupdater_AWS::Lambda::Function';
const LIST = 'petlistadoptions_AWS::ECS::Fargate';
const DDB = 'petInfo_AWS::DynamoDB::Table';

function outcome(over: Partial<PetshopOutcome>): PetshopOutcome {
  return { id: 'x', scenario: 'low_traffic', split: 'test', targetMetric: 'latency', hasBaseline: true, rootCause: PAY, ranking: [], confidences: [], ...over };
}

describe('classPrior', () => {
  it('ranks by frequency, ties by name', () => {
    expect(classPrior([PAY, SEARCH, LAMBDA, SEARCH, LAMBDA, PAY, SEARCH, DDB])).toEqual([SEARCH, LAMBDA, PAY, DDB]);
  });

  it('reproduces the 20/68 and 52/68 prior of SOURCE.md on its label counts', () => {
    const labels = [...Array(20).fill(SEARCH), ...Array(16).fill(LAMBDA), ...Array(16).fill(PAY), ...Array(10).fill(LIST), ...Array(6).fill(DDB)];
    const prior = classPrior(labels);
    const row = scoreRow('all', labels.map((rootCause) => outcome({ rootCause })), prior);
    expect([row.priorTop1, row.priorTop3, row.n]).toEqual([20, 52, 68]);
  });
});

describe('scoreRow', () => {
  const prior = [SEARCH, LAMBDA, PAY];
  it.each([
    ['truth first', [PAY, SEARCH], 1, 1],
    ['truth third', [SEARCH, LAMBDA, PAY], 0, 1],
    ['truth fourth', [SEARCH, LAMBDA, DDB, PAY], 0, 0],
    ['nothing named', [], 0, 0],
    ['case differs (exact match only)', ['PayForAdoption_AWS::ECS::Container'], 0, 0],
  ])('%s', (_name, ranking, top1, top3) => {
    const row = scoreRow('g', [outcome({ ranking })], prior);
    expect([row.top1, row.top3]).toEqual([top1, top3]);
    expect([row.priorTop1, row.priorTop3]).toEqual([0, 1]);
  });

  it('counts failures and empty answers separately, both as misses', () => {
    const row = scoreRow('g', [outcome({ error: 'boom' }), outcome({}), outcome({ ranking: [PAY] })], prior);
    expect(row).toMatchObject({ n: 3, top1: 1, errors: 1, empty: 1 });
  });
});

describe('rankedAnswer', () => {
  it('keeps services and confidences in report order', () => {
    const rootCauses = [{ service: PAY, kind: 'deploy', confidence: 0.6 }, { service: SEARCH, kind: 'load', confidence: 0.3 }];
    expect(rankedAnswer(rootCauses)).toEqual({ ranking: [PAY, SEARCH], confidences: [0.6, 0.3] });
  });
});

describe('calibrationOf', () => {
  const answered = [
    outcome({ rootCause: PAY, ranking: [PAY, SEARCH], confidences: [0.9, 0.05] }),
    outcome({ rootCause: LAMBDA, ranking: [SEARCH, LAMBDA], confidences: [0.7, 0.2] }),
  ];
  const unanswered = [outcome({ error: 'boom' }), outcome({})];

  it('scores the top candidate and every listed candidate against the truth', () => {
    const c = calibrationOf(answered);
    // Top-1 points (0.9, right) and (0.7, wrong), one per bin: (0.1 + 0.7) / 2.
    expect(c.eceTop1).toBeCloseTo(0.4, 10);
    // All points (0.9, right), (0.05, wrong), (0.7, wrong), (0.2, right), one per bin: (0.1 + 0.05 + 0.7 + 0.8) / 4.
    expect(c.eceAll).toBeCloseTo(0.4125, 10);
    expect(c.meanTop1Confidence).toBeCloseTo(0.8, 10);
  });

  it('pools top-1 points that share a bin', () => {
    const c = calibrationOf([outcome({ ranking: [PAY], confidences: [0.8] }), outcome({ ranking: [SEARCH], confidences: [0.8] })]);
    expect(c.eceTop1).toBeCloseTo(0.3, 10);
  });

  it('takes no points from failed or empty answers', () => {
    expect(calibrationOf([...answered, ...unanswered])).toEqual(calibrationOf(answered));
    expect(calibrationOf(unanswered)).toEqual({ eceTop1: undefined, eceAll: undefined, meanTop1Confidence: undefined });
  });

  it('is part of each score row, next to a top-1 accuracy that counts the unanswered as misses', () => {
    const row = scoreRow('g', [...answered, ...unanswered], []);
    expect(row).toMatchObject({ n: 4, top1: 1, errors: 1, empty: 1 });
    expect(row.meanTop1Confidence).toBeCloseTo(0.8, 10);
    expect(row.eceTop1).toBeCloseTo(0.4, 10);
  });
});

describe('scorePetshop', () => {
  const outcomes: PetshopOutcome[] = [
    outcome({ split: 'train', rootCause: SEARCH, ranking: [SEARCH], confidences: [0.9] }),
    outcome({ split: 'test', scenario: 'high_traffic', targetMetric: 'availability', rootCause: LAMBDA, ranking: [PAY, LAMBDA], confidences: [0.6, 0.2] }),
    outcome({ split: 'test', scenario: 'temporal_traffic1', hasBaseline: false, rootCause: DDB, ranking: [DDB], confidences: [0.5] }),
  ];
  const score = scorePetshop(outcomes, [SEARCH, LAMBDA, PAY]);

  it('groups by scenario × split with an all row per split, skipping empty groups', () => {
    expect(score.byScenario.map((r) => `${r.label}:${r.n}`)).toEqual([
      'low_traffic / train:1', 'all / train:1', 'high_traffic / test:1', 'temporal_traffic1 / test:1', 'all / test:2',
    ]);
    expect(score.byMetric.map((r) => `${r.label}:${r.n}`)).toEqual(['latency / train:1', 'latency / test:1', 'availability / test:1']);
  });

  it('headline is the test split with a baseline only', () => {
    expect(score.headline).toMatchObject({ n: 1, top1: 0, top3: 1, priorTop1: 0, priorTop3: 1 });
  });

  it('renders the tables with the prior next to ours, the date and the attribution', () => {
    const md = renderPetshopResults(score, { date: '2026-01-02', split: 'all', prior: [SEARCH, LAMBDA, PAY], priorLabels: 3, analyzeMs: 1500, labelsBySplit: { train: { [SEARCH]: 1 } } });
    expect(md).toContain('Run 2026-01-02');
    // Top-1 point (0.6, wrong) → ECE top-1 0.6; all points (0.6, wrong), (0.2, right) → (0.6 + 0.8) / 2 = 0.7.
    expect(md).toContain('| high_traffic / test | 1 | 0/1 (0.00) | 0.60 | 1/1 (1.00) | 0/1 (0.00) | 1/1 (1.00) | 0.60 | 0.70 | 0 | 0 |');
    expect(md).toContain('| low_traffic / train | 1 | 1/1 (1.00) | 0.90 | 1/1 (1.00) | 1/1 (1.00) | 1/1 (1.00) | 0.10 | 0.10 | 0 | 0 |');
    expect(md).toContain('prior 0/1 (0.00) / 1/1 (1.00)); ECE top-1 0.60, ECE all 0.70, mean top-1 confidence 0.60.**');
    expect(md).toContain('CC-BY-4.0');
    expect(md).toContain('CLeaR 2024');
    expect(frac(0, 0)).toBe('–');
    expect(decimal(undefined)).toBe('–');
  });

  it('states the train-only prior on the headline set when given', () => {
    const trainPriorHeadline = scorePetshop(outcomes, [SEARCH]).headline;
    const md = renderPetshopResults(score, { date: 'd', split: 'all', prior: [SEARCH, LAMBDA, PAY], priorLabels: 3, analyzeMs: 0, labelsBySplit: {}, trainPriorHeadline });
    expect(md).toContain('fit on the train labels only it scores 0/1 (0.00) / 0/1 (0.00) on the headline set');
  });
});
