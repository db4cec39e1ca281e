import type { Redact } from './ports.ts';

/**
 * Applies `redact` to every `text` string of a Block Kit structure (section, header, context and button
 * texts, fields), leaving ids, values and types alone. Returns a copy.
 */
export function redactBlocks<T>(blocks: T, redact: Redact): T {
  return walk(blocks, redact) as T;
}

function walk(node: unknown, redact: Redact): unknown {
  if (Array.isArray(node)) return node.map((item) => walk(item, redact));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === 'text' && typeof value === 'string' ? redact(value) : walk(value, redact)]),
  );
}
