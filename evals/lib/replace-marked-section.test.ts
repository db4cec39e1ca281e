import { describe, expect, it } from 'vitest';
import { replaceMarkedSection } from './replace-marked-section.ts';

const S = '<!-- petshop:start -->';
const E = '<!-- petshop:end -->';

describe('replaceMarkedSection', () => {
  it('replaces only the text between the markers', () => {
    const before = `# Results\n<!-- synthetic:start -->\nsyn\n<!-- synthetic:end -->\n${S}\nold\n${E}\ntail\n`;
    expect(replaceMarkedSection(before, 'petshop', 'new')).toBe(`# Results\n<!-- synthetic:start -->\nsyn\n<!-- synthetic:end -->\n${S}\nnew\n${E}\ntail\n`);
  });

  it('appends a marked section when absent, and creates one in an empty file', () => {
    expect(replaceMarkedSection('# Results\n', 'petshop', 'body')).toBe(`# Results\n\n${S}\nbody\n${E}\n`);
    expect(replaceMarkedSection('', 'petshop', 'body')).toBe(`${S}\nbody\n${E}\n`);
  });

  it('is idempotent', () => {
    const once = replaceMarkedSection('x\n', 'petshop', 'body');
    expect(replaceMarkedSection(once, 'petshop', 'body')).toBe(once);
  });

  it('refuses a file with a single marker', () => {
    expect(() => replaceMarkedSection(`${S}\nno end`, 'petshop', 'body')).toThrow(/incomplete/);
  });
});
