import type { IncidentBundle, Report } from '../domain/index.ts';
import type { Analysis } from '../analysis/analyze-incident.ts';
import { capitalise, describeGap } from '../analysis/describe.ts';
import { toIso } from '../analysis/time.ts';
import { maskSecrets } from './mask-secrets.ts';
import { formatProbability } from './format-probability.ts';

/** Assembles the report contract from the analysis; every number in the prose comes from it. */
export function buildReport(bundle: IncidentBundle, analysis: Analysis): Report {
  const m = analysis.milestones;
  // Chat repeats itself ("+1", "looking", bot posts); each distinct text is scanned for secrets once.
  const masked = new Map<string, string>();
  const mask = (text: string) => masked.get(text) ?? masked.set(text, maskSecrets(text)).get(text)!;
  const iso = (ms?: number) => (ms === undefined ? undefined : toIso(ms));
  return {
    incidentId: bundle.incident.id,
    title: bundle.incident.title,
    severity: bundle.incident.severity,
    summary: summarize(bundle, analysis),
    timeline: analysis.timeline.map((e) => ({ ...e, text: mask(e.text) })),
    milestones: dropUndefined({ firstSymptom: iso(m.firstSymptomMs), detected: iso(m.detectedMs), mitigated: iso(m.mitigatedMs), resolved: iso(m.resolvedMs) }),
    durations: analysis.durations,
    signals: analysis.signals.map((sig) => ({ ...sig, title: mask(sig.title), rationale: mask(sig.rationale) })),
    rootCauses: analysis.rootCauses,
    proposedCommands: analysis.proposedCommands,
    missingSources: bundle.missingSources,
    problems: bundle.problems,
    generatedBy: 'deterministic',
  };
}

/** A few sentences: what broke, why we think so and how sure we are, how long it took. */
export function summarize(bundle: IncidentBundle, analysis: Analysis): string {
  const { incident } = bundle;
  const parts: string[] = [`${incident.title} (${incident.severity}).`];
  const root = analysis.ranked[0];
  if (!root) {
    parts.push('No root-cause candidate stands out: no anomaly, change or error pattern was found in the data.');
  } else {
    const certainty = root.probability >= 0.7 ? 'Most likely cause' : root.probability >= 0.4 ? 'Probable cause' : 'Leading but uncertain candidate';
    const change = root.change ? ` triggered by ${root.change.type} ${root.change.id}` : '';
    parts.push(`${certainty}: ${root.kind} in ${root.service}${change} (confidence ${formatProbability(root.probability)}).`);
    const others = analysis.ranked.slice(1, 3).filter((r) => r.probability >= 0.05);
    if (others.length) parts.push(`Alternatives: ${others.map((r) => `${r.service} (${formatProbability(r.probability)})`).join(', ')}.`);
    const affected = analysis.affectedServices.filter((s) => s !== root.service);
    if (affected.length) parts.push(`Affected: ${affected.length} other service(s), including ${affected.slice(0, 5).join(', ')}.`);
  }
  const d = analysis.durations;
  const times: string[] = [];
  if (d.timeToDetectSeconds !== undefined) times.push(`detected ${describeGap(d.timeToDetectSeconds * 1000)} after the first symptom`);
  if (d.timeToMitigateSeconds !== undefined) times.push(`mitigated after ${describeGap(d.timeToMitigateSeconds * 1000)}`);
  if (d.timeToResolveSeconds !== undefined) times.push(`resolved after ${describeGap(d.timeToResolveSeconds * 1000)}`);
  else if (!incident.resolvedAt) times.push('still open');
  if (times.length) parts.push(`${capitalise(times.join(', '))}.`);
  if (bundle.missingSources.length) parts.push(`Missing sources: ${bundle.missingSources.join(', ')}.`);
  return parts.join(' ');
}

function dropUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
