import type { DetectedSpan, Detector } from './detector.ts';

const PLACEHOLDER = /^\[(?:SECRET|EMAIL|PHONE|CARD)-\d+\]$|^\[[A-Z][A-Z-]*\]$/;

/**
 * Every span the detectors find in `text`, non-overlapping and sorted by position. Overlapping secret
 * spans are merged (the union is redacted, so no fragment of either survives); a PII span that overlaps
 * a secret is dropped; overlapping PII spans keep the longest.
 */
export function findSpans(text: string, detectors: readonly Detector[]): DetectedSpan[] {
  const secrets: DetectedSpan[] = [];
  const others: DetectedSpan[] = [];
  for (const detector of detectors) {
    // A bare test first: most texts match no detector, and matchAll's iterator costs more than the scan.
    detector.pattern.lastIndex = 0;
    if (!detector.pattern.test(text)) continue;
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const range = match.indices?.groups?.['secret'] ?? match.indices?.[0];
      if (!range || range[1] <= range[0]) continue;
      const [start, end] = range;
      const value = text.slice(start, end);
      if (PLACEHOLDER.test(value.replace(/^(["'])(.*)\1$/s, '$2'))) continue;
      if (detector.accept && !detector.accept(value, { text, start, end })) continue;
      const span = { start, end, kind: detector.kind, detector: detector.name, label: detector.label };
      (detector.kind === 'secret' ? secrets : others).push(span);
    }
  }
  const merged = mergeSecrets(secrets);
  const pii = others
    .filter((span) => !merged.some((s) => overlaps(s, span)))
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: DetectedSpan[] = [];
  for (const span of pii) if (!kept.some((k) => overlaps(k, span))) kept.push(span);
  return [...merged, ...kept].sort((a, b) => a.start - b.start);
}

function mergeSecrets(spans: DetectedSpan[]): DetectedSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: DetectedSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      // Keep the detector that covered more of the union: it names the secret best.
      if (span.end > last.end) merged[merged.length - 1] = { ...(span.end - span.start > last.end - last.start ? span : last), start: last.start, end: span.end };
    } else merged.push(span);
  }
  return merged;
}

function overlaps(a: DetectedSpan, b: DetectedSpan): boolean {
  return a.start < b.end && b.start < a.end;
}
