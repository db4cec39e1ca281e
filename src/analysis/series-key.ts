/** `labels` without the named ones. */
export function withoutLabels(labels: Readonly<Record<string, string>>, ...drop: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !drop.includes(k)));
}

/**
 * One key per (name, service, label set), label order aside, leaving out the labels that vary within a
 * group (an outcome label, a histogram's `le`) and `__name__`, which repeats the name.
 */
export function seriesKey(name: string, service: string, labels: Readonly<Record<string, string>>, ...ignored: readonly string[]): string {
  const kept = Object.entries(withoutLabels(labels, '__name__', ...ignored)).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([name, service, kept]);
}
