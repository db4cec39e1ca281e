import type { Report } from '../domain/index.ts';

const TOP_SIGNALS = 8;

/**
 * The text an embedding model sees for a report: what failed (root cause), the title and summary, and
 * the strongest non-symptom signals. Bounded, so a long incident costs the same as a short one.
 */
export function reportEmbeddingText(report: Report): string {
  const cause = report.rootCauses[0];
  const signals = [...report.signals]
    .filter((s) => s.label !== 'unrelated')
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, TOP_SIGNALS)
    .map((s) => `- ${s.service} ${s.kind} (${s.label}): ${s.title}`);
  return [
    `Incident: ${report.title}`,
    cause ? `Root cause: ${cause.kind} in ${cause.service}` : 'Root cause: unknown',
    `Summary: ${report.summary}`,
    'Signals:',
    ...signals,
  ]
    .join('\n')
    .slice(0, 6000);
}
