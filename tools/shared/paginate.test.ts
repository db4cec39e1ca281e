import { describe, expect, it } from 'vitest';
import { encodeCursor } from './cursor.ts';
import { paginate } from './paginate.ts';

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('walks every item exactly once through nextCursor', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = paginate(items, { cursor, limit: 2 });
      seen.push(...page.items);
      expect(page.truncated).toBe(page.nextCursor !== undefined);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });

  it('is not truncated when everything fits', () => {
    expect(paginate(items, { limit: 5 })).toEqual({ items, truncated: false });
  });

  it.each(['garbage', encodeCursor({ offset: -1 }), encodeCursor({ other: 1 })])('rejects cursor %s naming the argument', (cursor) => {
    expect(() => paginate(items, { cursor, limit: 2 })).toThrow(/Invalid argument cursor: must be the nextCursor value of a previous call/);
  });
});
