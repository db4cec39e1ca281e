import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** One page of an in-memory list. `truncated` is true when more items follow (`nextCursor` fetches them). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
  truncated: boolean;
}

const OffsetCursorSchema = z.object({ offset: z.number().int().min(0) });

/** Pages through an already filtered and ordered list with an offset cursor. */
export function paginate<T>(all: readonly T[], args: { cursor?: string | undefined; limit: number }): Page<T> {
  const offset = args.cursor === undefined ? 0 : decodeCursor(args.cursor, OffsetCursorSchema).offset;
  const items = all.slice(offset, offset + args.limit);
  const next = offset + items.length;
  return next < all.length ? { items, nextCursor: encodeCursor({ offset: next }), truncated: true } : { items, truncated: false };
}
