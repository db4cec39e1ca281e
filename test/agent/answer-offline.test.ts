import { describe, expect, it } from 'vitest';
import { answerOffline, classifyQuestion } from '../../src/agent/answer-offline.ts';
import { demoIncident } from './demo-incident.ts';

const incident = demoIncident();

describe('answerOffline', () => {
  it.each([
    ["what's the root cause?", 'root-cause'],
    ['why is checkout failing', 'root-cause'],
    ['what changed in the last hour?', 'changes'],
    ['any deploys before this?', 'changes'],
    ['can I get the timeline?', 'timeline'],
    ["who's working on it?", 'who'],
    ['status?', 'status'],
    ['is it mitigated yet', 'status'],
    ['tell me a joke', 'summary'],
    [undefined, 'summary'],
  ] as const)('%s → %s', (question, intent) => {
    expect(classifyQuestion(question)).toBe(intent);
  });

  it('answers each common question from the analysis', async () => {
    const input = await incident;
    const rootCause = answerOffline({ ...input, question: 'root cause?' });
    expect(rootCause.answer).toMatch(/^Most likely root cause: credential in payments \(change d-6490\), confidence >99% \[change:d-6490/);
    expect(rootCause.citedSignalIds).toContain('change:d-6490');

    const changes = answerOffline({ ...input, question: 'what changed?' });
    expect(changes.answer).toMatch(/^\d+ change\(s\) around the incident:/);
    expect(changes.answer).toMatch(/secret_rotation of payments .* likely-cause \(>99%\) \[change:d-6490\]/);
    expect(changes.citedSignalIds).toContain('change:d-6490');

    const timeline = answerOffline({ ...input, question: 'timeline please' });
    expect(timeline.answer.split('\n')[0]).toBe('Key events (UTC):');
    expect(timeline.answer.split('\n').length).toBeGreaterThan(3);

    const who = answerOffline({ ...input, question: "who's on it?" });
    expect(who.answer).toMatch(/^In the channel: @[\w.]+ \(\d+ messages?\)/);
    expect(who.answer).toContain('Latest actions:');

    const status = answerOffline({ ...input, question: 'status?' });
    expect(status.answer).toMatch(/^Resolved\. First symptom 2026-03-04T15:00:\d\dZ\. Detected .* Mitigated .* Resolved /);

    expect(answerOffline({ ...input }).answer).toBe(input.report.summary);
  });
});
