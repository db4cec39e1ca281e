import { describe, expect, it } from 'vitest';
import { classPrior } from './class-prior.ts';
import { frac, renderPetshopResults } from './render-petshop-results.ts';
import { scorePetshop, scoreRow, type PetshopOutcome } from './score-petshop.ts';

const SEARCH = 'PetSearch_AWS::ECS::Fargate';
const PAY = 'payforadoption_AWS::ECS::Container';
const LAMBDA = 'lambdastatusupdater_AWS::Lambda::Function';
const LIST = 'petlistadoptions_AWS::ECS::Fargate';
const DDB = 'petInfo_AWS::DynamoDB::Table';

function outcome(over: Partial<PetshopOutcome>): PetshopOutcome {
  return { id: 'x', scenario: 'low_traffic', split: 'test', targetMetric: 'latency', hasBaseline: true, rootCause: PAY, ranking: [], ...over };
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

describe('scorePetshop', () => {
  const outcomes: PetshopOutcome[] = [
    outcome({ split: 'train', rootCause: SEARCH, ranking: [SEARCH] }),
    outcome({ split: 'test', scenario: 'high_traffic', targetMetric: 'availability', rootCause: LAMBDA, ranking: [PAY, LAMBDA] }),
    outcome({ split: 'test', scenario: 'temporal_traffic1', hasBaseline: false, rootCause: DDB, ranking: [DDB] }),
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
    expect(md).toContain('| high_traffic / test | 1 | 0/1 (0.00) | 1/1 (1.00) | 0/1 (0.00) | 1/1 (1.00) | 0 | 0 |');
    expect(md).toContain('CC-BY-4.0');
    expect(md).toContain('CLeaR 2024');
    expect(frac(0, 0)).toBe('–');
  });

  it('states the train-only prior on the headline set when given', () => {
    const trainPriorHeadline = scorePetshop(outcomes, [SEARCH]).headline;
    const md = renderPetshopResults(score, { date: 'd', split: 'all', prior: [SEARCH, LAMBDA, PAY], priorLabels: 3, analyzeMs: 0, labelsBySplit: {}, trainPriorHeadline });
    expect(md).toContain('fit on the train labels only it scores 0/1 (0.00) / 0/1 (0.00) on the headline set');
  });
});
