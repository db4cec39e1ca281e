import type { Report, Signal } from '../domain/index.ts';
import { formatProbability } from '../report/format-probability.ts';
import { topSignals } from './blocks/describe-signal.ts';
import { describeIncidentStatus } from './blocks/describe-incident-status.ts';

const SUMMARY_REQUEST = /^\s*(what'?s|what is|whats)\s+(going on|happening|up|the status)|^\s*(status|summary|summarize|summarise|sitrep|update|overview)\b/i;
const STOPWORDS = new Set(['the', 'and', 'was', 'were', 'what', 'why', 'how', 'who', 'when', 'did', 'does', 'this', 'that', 'with', 'for', 'from', 'are', 'is', 'it', 'its', 'there', 'any', 'our', 'you', 'can', 'have', 'has', 'about']);

/** True when the mention asks for the overview (no question, "what's going on", "status"). */
export function isSummaryRequest(question: string | undefined): boolean {
  return !question || question.trim() === '' || SUMMARY_REQUEST.test(question);
}

/**
 * Answers a question without an LLM, from the deterministic report only: the signals whose service, kind
 * or title share words with the question (the strongest first), else the leading signals, with the
 * status. Never invents anything the report does not hold.
 */
export function answerOffline(report: Report, question: string): { answer: string; citedSignalIds: string[] } {
  const words = new Set(question.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w.length >= 3 && !STOPWORDS.has(w)));
  const score = (s: Signal) =>
    (words.has(s.service.toLowerCase()) ? 3 : 0) + (words.has(s.kind) ? 2 : 0) + s.title.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => words.has(w)).length;
  const matching = report.signals
    .map((s) => ({ s, score: score(s) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || b.s.confidence - a.s.confidence)
    .slice(0, 3)
    .map((x) => x.s);
  const cited = matching.length ? matching : topSignals(report.signals.filter((s) => s.label !== 'unrelated'), 3);
  const lead = report.rootCauses[0];
  const lines = [
    matching.length
      ? 'From the deterministic analysis, these signals bear on your question:'
      : 'No signal matches the words of your question; the leading signals are:',
    ...cited.map((s) => `• ${s.title} (${s.service}, ${s.label}, ${formatProbability(s.confidence)}): ${s.rationale}`),
    lead ? `Leading cause overall: ${lead.kind} in ${lead.service} (${formatProbability(lead.confidence)}).` : 'No root-cause candidate stands out yet.',
    `Status: ${describeIncidentStatus(report)}.`,
  ];
  return { answer: lines.join('\n'), citedSignalIds: cited.map((s) => s.id) };
}
