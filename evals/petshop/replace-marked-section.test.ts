import { describe, expect, it } from 'vitest';
import { replaceMarkedSection } from './replace-marked-section.ts';

const S = '<!-- petshop:start -->';
const E = '<!-- petshop:end -->';

describe('replaceMarkedSection', () => {
  it('replaces only the text between the markers', () => {
    const before = `# Results\n<!-- synthetic:start -->\nsyn\n<!-- synthetic:end -->\n${S}\nold\n${E}\ntail\n`;
    expect(replaceMarkedSection(before, 'new', S, E)).toBe(`# Results\n<!-- synthetic:start -->\nsyn\n<!-- synthetic:end -->\n${S}\nnew\n${E}\ntail\n`);
  });

  it('appends a marked section when absent, and creates one in an empty file', () => {
    expect(replaceMarkedSection('# Results\n', 'body', S, E)).toBe(`# Results\n\n${S}\nbody\n${E}\n`);
    expect(replaceMarkedSection('', 'body', S, E)).toBe(`${S}\nbody\n${E}\n`);
  });

  it('is idempotent', () => {
    const once = replaceMarkedSection('x\n', 'body', S, E);
    expect(replaceMarkedSection(once, 'body', S, E)).toBe(once);
  });

  it('refuses a file with a single marker', () => {
    expect(() => replaceMarkedSection(`${S}\nno end`, 'body', S, E)).toThrow(/incomplete/);
  });
});
