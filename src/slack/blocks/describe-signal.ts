import type { Signal } from '../../domain/index.ts';
import { formatProbability } from '../../report/format-probability.ts';
import { escapeMrkdwn } from './block-kit.ts';

const LABELS: Record<Signal['label'], string> = {
  'likely-cause': 'likely cause',
  contributing: 'contributing',
  correlated: 'correlated, not causal',
  symptom: 'symptom',
  unrelated: 'unrelated',
};

/** One mrkdwn line: "• *payments* · credential — _likely cause_, 82%: title". */
export function describeSignal(signal: Signal): string {
  return `• *${escapeMrkdwn(signal.service)}* · ${signal.kind} — _${LABELS[signal.label]}_, ${formatProbability(signal.confidence)}: ${escapeMrkdwn(signal.title)}`;
}

/** The signals worth showing first: causes and contributors before correlations and symptoms, then by confidence. */
export function topSignals(signals: readonly Signal[], max: number): Signal[] {
  const rank: Record<Signal['label'], number> = { 'likely-cause': 0, contributing: 1, correlated: 2, symptom: 3, unrelated: 4 };
  return [...signals].sort((a, b) => rank[a.label] - rank[b.label] || b.confidence - a.confidence).slice(0, max);
}
