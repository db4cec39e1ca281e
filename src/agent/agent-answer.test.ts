import { describe, expect, it } from 'vitest';
import { parseAgentAnswer } from './agent-answer.ts';

const allowed = { signalIds: new Set(['change:d-1', 'metric:m.json#0']), commandIds: new Set(['INC-1:p1']) };
const json = (o: Record<string, unknown>) => JSON.stringify({ summary: 'S [change:d-1]', answer: null, citedSignalIds: ['change:d-1'], proposedCommandIds: [], ...o });

describe('parseAgentAnswer', () => {
  it('accepts a valid answer, also inside a json fence, and adds ids cited in the prose', () => {
    const r = parseAgentAnswer('```json\n' + json({ citedSignalIds: [], answer: 'because [metric:m.json#0]', proposedCommandIds: ['INC-1:p1'] }) + '\n```', allowed);
    expect(r).toEqual({ ok: true, value: { summary: 'S [change:d-1]', answer: 'because [metric:m.json#0]', citedSignalIds: ['change:d-1', 'metric:m.json#0'], proposedCommandIds: ['INC-1:p1'] } });
  });

  it.each([
    ['empty', '', /empty/],
    ['prose', 'the deploy did it', /not a JSON object/],
    ['a missing field', JSON.stringify({ summary: 'x' }), /citedSignalIds/],
    ['an empty summary', json({ summary: '  ' }), /summary/],
    ['an invented signal id', json({ citedSignalIds: ['change:nope'] }), /unknown signal ids change:nope/],
    ['an invented id in the prose only', json({ summary: 'due to [log:x:9]' }), /unknown signal ids log:x:9/],
    ['an invented command', json({ proposedCommandIds: ['rm -rf /'] }), /not proposals of the analysis/],
  ])('rejects %s', (_name, content, problem) => {
    const r = parseAgentAnswer(content, allowed);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});
