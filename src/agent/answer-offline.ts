import type { Analysis } from '../analysis/analyze-incident.ts';
import { describeChange, describeGap } from '../analysis/describe.ts';
import { toIso } from '../analysis/time.ts';
import type { IncidentBundle, Report } from '../domain/index.ts';
import { formatProbability } from '../report/format-probability.ts';
import { selectKeyEvents } from '../report/select-key-events.ts';

/** The kinds of question the deterministic analysis answers directly. */
export type QuestionIntent = 'who' | 'status' | 'changes' | 'timeline' | 'root-cause' | 'summary';

/** A deterministic answer: prose built only from the analysis, with the signal ids it rests on. */
export interface OfflineAnswer {
  intent: QuestionIntent;
  answer: string;
  citedSignalIds: string[];
}

const INTENTS: Array<[QuestionIntent, RegExp]> = [
  ['who', /\bwho\b|working on|\bowners?\b|responders?|on[- ]?call|involved/i],
  ['status', /\bstatus\b|where are we|\bupdate\b|mitigat|resolved|still (going|open|happening|broken)|is it (over|fixed)|recovered/i],
  ['changes', /\bchang|deploy|release|rolled out|shipped|what'?s new|config|flag/i],
  ['timeline', /timeline|\bwhen\b|sequence|chronolog|order of events|what happened/i],
  ['root-cause', /root ?cause|\bwhy\b|\bcaused?\b|culprit|what broke|reason|blame/i],
];

/** Which common question `question` is (first match wins; anything else gets the summary). */
export function classifyQuestion(question: string | undefined): QuestionIntent {
  if (!question) return 'summary';
  return INTENTS.find(([, pattern]) => pattern.test(question))?.[0] ?? 'summary';
}

/**
 * Answers a question from the deterministic analysis alone: root cause, what changed, timeline, who is
 * working on it, status; anything else gets the report's summary. Texts come from the report (masked).
 */
export function answerOffline(input: { bundle: IncidentBundle; analysis: Analysis; report: Report; question?: string }): OfflineAnswer {
  const intent = classifyQuestion(input.question);
  const build = { who, status, changes, timeline, 'root-cause': rootCause, summary } satisfies Record<QuestionIntent, unknown>;
  return { intent, ...build[intent](input) };
}

type Input = Parameters<typeof answerOffline>[0];

function summary({ report }: Input): Omit<OfflineAnswer, 'intent'> {
  return { answer: report.summary, citedSignalIds: report.rootCauses[0]?.signalIds.slice(0, 3) ?? [] };
}

function rootCause({ report }: Input): Omit<OfflineAnswer, 'intent'> {
  const [top, ...rest] = report.rootCauses;
  if (!top) return { answer: 'No root-cause candidate stands out: the analysis found no anomaly, change or error pattern that explains the symptoms.', citedSignalIds: [] };
  const cited = top.signalIds.slice(0, 4);
  const alternatives = rest.filter((r) => r.confidence >= 0.05).slice(0, 2);
  const lines = [
    `Most likely root cause: ${top.kind} in ${top.service}${top.changeId ? ` (change ${top.changeId})` : ''}, confidence ${formatProbability(top.confidence)}${cited.length ? ` [${cited.join(', ')}]` : ''}.`,
    ...(top.rationale ? [top.rationale] : []),
    ...(alternatives.length ? [`Alternatives: ${alternatives.map((r) => `${r.kind} in ${r.service} (${formatProbability(r.confidence)})`).join(', ')}.`] : []),
  ];
  return { answer: lines.join('\n'), citedSignalIds: cited };
}

function changes({ bundle, analysis, report }: Input): Omit<OfflineAnswer, 'intent'> {
  const fromMs = analysis.frame.windowStartMs - 2 * 3_600_000;
  const list = bundle.changes.filter((c) => c.timeMs >= fromMs && c.timeMs <= analysis.frame.windowEndMs);
  if (!list.length) return { answer: bundle.missingSources.includes('changes') ? 'The bundle has no change feed, so changes cannot be checked.' : 'No changes were recorded in the two hours before the incident or during it.', citedSignalIds: [] };
  const labelOf = new Map(report.signals.map((s) => [s.id, s]));
  const shown = [...list].sort((a, b) => (labelOf.get(`change:${b.id}`)?.confidence ?? 0) - (labelOf.get(`change:${a.id}`)?.confidence ?? 0)).slice(0, 8).sort((a, b) => a.timeMs - b.timeMs);
  const lines = shown.map((c) => {
    const signal = labelOf.get(`change:${c.id}`);
    return `• ${describeChange(c)}${signal ? ` — ${signal.label} (${formatProbability(signal.confidence)}) [${signal.id}]` : ''}`;
  });
  const more = list.length > shown.length ? [`…and ${list.length - shown.length} more.`] : [];
  return { answer: [`${list.length} change(s) around the incident:`, ...lines, ...more].join('\n'), citedSignalIds: shown.map((c) => `change:${c.id}`).filter((id) => labelOf.has(id)) };
}

function timeline({ report }: Input): Omit<OfflineAnswer, 'intent'> {
  const events = selectKeyEvents(report, 12);
  if (!events.length) return { answer: 'The timeline is empty: no alerts, changes, anomalies or chat in the data.', citedSignalIds: [] };
  return { answer: ['Key events (UTC):', ...events.map((e) => `• ${e.time.slice(11, 19)} ${e.kind}: ${e.text}`)].join('\n'), citedSignalIds: [] };
}

function who({ analysis }: Input): Omit<OfflineAnswer, 'intent'> {
  const people = new Map<string, number>();
  for (const c of analysis.chat) if (!c.message.isBot && c.role !== 'filler') people.set(c.message.userName, (people.get(c.message.userName) ?? 0) + 1);
  if (!people.size) return { answer: 'Nobody has written in the incident channel yet (or the bundle has no chat).', citedSignalIds: [] };
  const ranked = [...people.entries()].sort((a, b) => b[1] - a[1]);
  const actions = analysis.chat.filter((c) => !c.message.isBot && (c.role === 'action' || c.role === 'mitigation' || c.role === 'resolution')).slice(-5);
  const lines = [
    `In the channel: ${ranked.slice(0, 8).map(([name, n]) => `@${name} (${n} message${n > 1 ? 's' : ''})`).join(', ')}${ranked.length > 8 ? ` and ${ranked.length - 8} more` : ''}.`,
    ...(actions.length ? ['Latest actions:', ...actions.map((c) => `• ${toIso(c.message.timeMs).slice(11, 19)} @${c.message.userName}: ${c.message.text.slice(0, 160)}`)] : []),
  ];
  return { answer: lines.join('\n'), citedSignalIds: [] };
}

function status({ bundle, report }: Input): Omit<OfflineAnswer, 'intent'> {
  const m = report.milestones;
  const d = report.durations;
  const state = m.resolved || bundle.incident.resolvedAt ? 'Resolved' : m.mitigated ? 'Mitigated, not yet resolved' : 'Ongoing: not mitigated yet';
  const lines = [
    `${state}.`,
    ...(m.firstSymptom ? [`First symptom ${m.firstSymptom}.`] : []),
    ...(m.detected ? [`Detected ${m.detected}${d.timeToDetectSeconds !== undefined ? ` (${describeGap(d.timeToDetectSeconds * 1000)} after the first symptom)` : ''}.`] : []),
    ...(m.mitigated ? [`Mitigated ${m.mitigated}${d.timeToMitigateSeconds !== undefined ? ` (after ${describeGap(d.timeToMitigateSeconds * 1000)})` : ''}.`] : []),
    ...(m.resolved ? [`Resolved ${m.resolved}${d.timeToResolveSeconds !== undefined ? ` (after ${describeGap(d.timeToResolveSeconds * 1000)})` : ''}.`] : []),
    ...(report.proposedCommands.length && !m.mitigated ? [`Proposed next step (needs approval): ${report.proposedCommands[0]!.command} — ${report.proposedCommands[0]!.rationale}`] : []),
  ];
  return { answer: lines.join(' '), citedSignalIds: [] };
}
