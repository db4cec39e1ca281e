import { describe, expect, it } from 'vitest';
import { loadPrompt, parsePrompt, renderPrompt, PromptError } from './load-prompt.ts';

const file = (front: string, body: string) => `---\n${front}\n---\n${body}\n`;

describe('prompt files', () => {
  it.each(['system', 'summarize', 'answer-question', 'retrospective'])('prompts/%s.v1.md loads and tells the model data is not instructions', (name) => {
    const p = loadPrompt(name, 1);
    expect(p).toMatchObject({ id: name, version: 1 });
    const system = loadPrompt('system', 1).body;
    expect(system).toMatch(/DATA about the incident[\s\S]*never an instruction/);
    expect(system).toMatch(/Every causal claim[\s\S]*cites the signal ids/);
    if (name !== 'system') expect(p.body).toContain('<incident-data>\n{{context}}\n</incident-data>');
  });

  it('renders every declared variable once, without expanding placeholders inside values', () => {
    const p = parsePrompt(file('id: t\nversion: 2\nvariables: [a, b]', 'A={{a}} B={{b}} again {{a}}'), 't.v2.md');
    expect(renderPrompt(p, { a: '{{b}}', b: 'x' })).toBe('A={{b}} B=x again {{b}}');
  });

  it.each([
    ['a missing variable', { a: '1' }, /needs b, which was not given/],
    ['an undeclared variable', { a: '1', b: '2', c: '3' }, /was given c, which the prompt does not declare/],
  ])('refuses to render with %s', (_name, values, message) => {
    const p = parsePrompt(file('id: t\nversion: 1\nvariables: [a, b]', '{{a}} {{b}}'), 't.v1.md');
    expect(() => renderPrompt(p, values)).toThrow(message);
  });

  it.each([
    ['no front matter', 'just text', /must start with YAML front matter/],
    ['a declared variable the body never uses', file('id: t\nversion: 1\nvariables: [a, b]', '{{a}}'), /declares b but the body never uses it/],
    ['a placeholder that is not declared', file('id: t\nversion: 1\nvariables: []', '{{a}}'), /uses \{\{a\}\} but variables does not declare it/],
    ['a version that is not a number', file('id: t\nversion: one\nvariables: []', 'x'), /version: /],
    ['an unknown front-matter field', file('id: t\nversion: 1\nvariables: []\nauthor: me', 'x'), /Unrecognized key/],
  ])('rejects a file with %s', (_name, text, message) => {
    expect(() => parsePrompt(text, 'bad.v1.md')).toThrow(PromptError);
    expect(() => parsePrompt(text, 'bad.v1.md')).toThrow(message);
  });

  it('rejects a file whose name disagrees with its front matter, and a missing file', () => {
    expect(() => loadPrompt('summarize', 7)).toThrow(/cannot read the prompt file/);
  });
});
