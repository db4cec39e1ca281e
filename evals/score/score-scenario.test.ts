import { describe, expect, it } from 'vitest';
import type { Report, RootCause, Signal } from '../../src/domain/index.ts';
import { changeRefsFromJsonl, failedScore, scoreScenario } from './score-scenario.ts';
import type { Truth } from './truth-schema.ts';

const truth: Truth = {
  rootCause: { service: 'payments', kind: 'credential', changeId: 'd-881' },
  contributing: [{ service: 'checkout', kind: 'retry-storm' }],
  redHerrings: [{ service: 'search', changeId: 'd-877' }],
  keyEvents: { firstSymptom: '2026-03-04T15:00:30Z', detected: '2026-03-04T15:02:11Z', mitigated: '2026-03-04T15:31:00Z', resolved: '2026-03-04T15:41:09Z' },
  remediation: [{ action: 'rollback', service: 'payments' }],
};

function cause(service: string, kind: RootCause['kind'], confidence: number, changeId?: string): RootCause {
  return { service, kind, confidence, signalIds: [], ...(changeId ? { changeId } : {}) };
}

function signal(id: string, label: Signal['label'], extra: Partial<Signal> = {}): Signal {
  return { id, service: 'x', kind: 'deploy', source: 'change', label, confidence: 0.5, title: '', rationale: '', evidence: [], startedAt: '2026-03-04T15:00:00Z', ...extra };
}

function report(rootCauses: RootCause[], milestones: Report['milestones'] = {}, signals: Signal[] = []): Report {
  return {
    incidentId: 'INC-1', title: 't', severity: 'sev1', summary: '', timeline: [], milestones, durations: {}, signals, rootCauses,
    proposedCommands: [], missingSources: [], problems: [], generatedBy: 'deterministic',
  };
}

describe('scoreScenario', () => {
  it.each([
    { name: 'right first', causes: [cause('payments', 'credential', 0.8)], top1: true, top3: true, kind: true },
    { name: 'right service, wrong kind', causes: [cause('payments', 'deploy', 0.8)], top1: true, top3: true, kind: false },
    { name: 'third', causes: [cause('checkout', 'deploy', 0.5), cause('frontend', 'deploy', 0.2), cause('payments', 'credential', 0.1)], top1: false, top3: true, kind: false },
    { name: 'fourth', causes: [cause('a', 'deploy', 0.3), cause('b', 'deploy', 0.2), cause('c', 'deploy', 0.1), cause('payments', 'credential', 0.1)], top1: false, top3: false, kind: false },
    { name: 'nothing ranked', causes: [], top1: false, top3: false, kind: false },
  ])('ranks: $name', ({ causes, top1, top3, kind }) => {
    const s = scoreScenario(report(causes), truth);
    expect([s.top1, s.top3, s.kindCorrect]).toEqual([top1, top3, kind]);
  });

  it('measures milestone errors in seconds and leaves misses undefined', () => {
    const s = scoreScenario(report([], { firstSymptom: '2026-03-04T15:00:00Z', detected: '2026-03-04T15:02:11Z', mitigated: 'not a time' }), truth);
    expect(s.milestoneErrorSeconds).toEqual({ firstSymptom: 30, detected: 0, mitigated: undefined, resolved: undefined });
  });

  it('blames a red herring ranked first', () => {
    expect(scoreScenario(report([cause('search', 'deploy', 0.6)]), truth).redHerringBlamed).toBe(true);
  });

  it('blames a red herring cited by a likely-cause signal, by line ref or by id', () => {
    const refs = changeRefsFromJsonl('{"id":"d-881"}\n{"id":"d-877"}\n');
    expect(refs.get('d-877')).toEqual(['changes.jsonl:2']);
    const byRef = signal('s1', 'likely-cause', { evidence: [{ type: 'change', ref: 'changes.jsonl:2' }] });
    const byId = signal('s2', 'likely-cause', { rationale: 'deploy d-877 of search right before the onset' });
    const notLikely = signal('s3', 'correlated', { rationale: 'd-877' });
    const otherChange = signal('s4', 'likely-cause', { evidence: [{ type: 'change', ref: 'changes.jsonl:1' }], rationale: 'd-8770 is not d-877x' });
    const top = [cause('payments', 'credential', 0.7)];
    expect(scoreScenario(report(top, {}, [byRef]), truth, refs).redHerringBlamed).toBe(true);
    expect(scoreScenario(report(top, {}, [byId]), truth, refs).redHerringBlamed).toBe(true);
    expect(scoreScenario(report(top, {}, [notLikely, otherChange]), truth, refs).redHerringBlamed).toBe(false);
  });

  it('keeps every entry for calibration and the first one separately', () => {
    const s = scoreScenario(report([cause('checkout', 'deploy', 0.5), cause('payments', 'credential', 0.3)]), truth);
    expect(s.calibration).toEqual([{ confidence: 0.5, correct: false }, { confidence: 0.3, correct: true }]);
    expect(s.top1Calibration).toEqual({ confidence: 0.5, correct: false });
  });

  it('scores a failed analysis as a miss everywhere', () => {
    const s = failedScore(truth);
    expect([s.top1, s.top3, s.failed, s.hasRedHerrings, s.calibration.length]).toEqual([false, false, true, true, 0]);
  });
});
