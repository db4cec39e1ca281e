/**
 * The class-frequency prior: a fixed ranking of root-cause nodes by how often each is the label,
 * most frequent first, ties broken by name so the ranking is deterministic. Used as the baseline
 * that any analyzer must beat (on PetShop: top-1 20/68, top-3 52/68 when fit on all labels).
 */
export function classPrior(rootCauses: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const node of rootCauses) counts.set(node, (counts.get(node) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .map(([node]) => node);
}
