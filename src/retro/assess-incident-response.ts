import { describeGap } from '../analysis/describe.ts';
import type { Report, Signal } from '../domain/index.ts';
import { formatProbability } from '../report/format-probability.ts';

/** Detection slower than this after the first symptom counts as a lag. */
export const DETECTION_TARGET_SECONDS = 5 * 60;
/** Mitigation slower than this after the first symptom counts as slow. */
export const MITIGATION_TARGET_SECONDS = 30 * 60;

const ROLLBACK = /\b(roll(ed|ing)? ?back|rollback|revert(ed)?|undo|restore(d)?)\b/i;

/** What went well and what did not, each a sentence derived from the report's numbers and labels. */
export interface ResponseAssessment {
  wentWell: string[];
  didNotGoWell: string[];
  /** Facts the fixes build on. */
  facts: {
    rootService?: string;
    /** The root service had no alert signal of its own. */
    rootServiceUnalerted: boolean;
    detectionLagSeconds?: number;
    /** Services whose retries amplified the load (retry-storm signals labelled contributing/symptom). */
    retryingServices: string[];
    /** Changes made during the incident on other services than the root that did not help. */
    unhelpfulActions: Signal[];
    mitigatedByRollback?: Signal;
  };
}

/**
 * Judges the response from the analysis alone: detection lag, whether the faulty service alerted on
 * its own failure, how it was mitigated (a rollback of the cause), actions that chased red herrings,
 * retry amplification, how clear the cause is and which sources were missing. Pure.
 */
export function assessIncidentResponse(report: Report): ResponseAssessment {
  const wentWell: string[] = [];
  const didNotGoWell: string[] = [];
  const root = report.rootCauses[0];
  const firstSymptom = report.milestones.firstSymptom;
  const endOfResponse = report.milestones.mitigated ?? report.milestones.resolved;

  const ttd = report.durations.timeToDetectSeconds;
  if (ttd !== undefined) {
    if (ttd <= DETECTION_TARGET_SECONDS) wentWell.push(`Detected ${describeGap(ttd * 1000)} after the first symptom (target ${describeGap(DETECTION_TARGET_SECONDS * 1000)}).`);
    else didNotGoWell.push(`Detection took ${describeGap(ttd * 1000)} after the first symptom (target ${describeGap(DETECTION_TARGET_SECONDS * 1000)}).`);
  }

  const alerts = report.signals.filter((s) => s.source === 'alert').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const rootServiceUnalerted = root !== undefined && !alerts.some((a) => a.service === root.service);
  if (root && alerts.length === 0) {
    didNotGoWell.push(report.missingSources.includes('alerts') ? 'No alert data was available, so alert coverage cannot be judged.' : 'No alert fired during the incident.');
  } else if (root && rootServiceUnalerted) {
    const firstAlert = alerts[0]!;
    didNotGoWell.push(`No alert fired on ${root.service}, where the fault was; the first page came from a symptom in ${firstAlert.service} (${firstAlert.title.slice(0, 80)}).`);
  } else if (root) {
    wentWell.push(`${root.service}, where the fault was, alerted on its own failure.`);
  }

  const mitigatedByRollback = root
    ? report.signals.find((s) => s.source === 'change' && s.service === root.service && ROLLBACK.test(s.title) && (!firstSymptom || s.startedAt >= firstSymptom))
    : undefined;
  const ttm = report.durations.timeToMitigateSeconds;
  if (mitigatedByRollback) {
    wentWell.push(`Mitigated by rolling back the cause: ${mitigatedByRollback.title}.`);
  }
  if (ttm !== undefined) {
    if (ttm > MITIGATION_TARGET_SECONDS) didNotGoWell.push(`Mitigation took ${describeGap(ttm * 1000)} after the first symptom (target ${describeGap(MITIGATION_TARGET_SECONDS * 1000)}).`);
    else if (!mitigatedByRollback) wentWell.push(`Mitigated ${describeGap(ttm * 1000)} after the first symptom.`);
  }

  const unhelpfulActions = report.signals.filter(
    (s) =>
      s.source === 'change' &&
      (s.label === 'correlated' || s.label === 'unrelated') &&
      s.service !== root?.service &&
      firstSymptom !== undefined &&
      s.startedAt >= firstSymptom &&
      (endOfResponse === undefined || s.startedAt <= endOfResponse),
  );
  if (unhelpfulActions.length) {
    didNotGoWell.push(`Time went into actions that did not address the cause: ${unhelpfulActions.map((s) => changeHeadline(s.title)).join('; ')}.`);
  }

  if (firstSymptom) {
    const herrings = report.signals.filter(
      (s) => s.source === 'change' && s.label !== 'likely-cause' && s.label !== 'contributing' && s.service !== root?.service && s.startedAt < firstSymptom && Date.parse(firstSymptom) - Date.parse(s.startedAt) <= 30 * 60_000,
    );
    for (const h of herrings.slice(0, 2)) {
      wentWell.push(`The ${changeHeadline(h.title)} ${describeGap(Date.parse(firstSymptom) - Date.parse(h.startedAt))} before the first symptom was ruled out as the cause (confidence ${formatProbability(h.confidence)}).`);
    }
  }

  const retryingServices = [...new Set(report.signals.filter((s) => s.kind === 'retry-storm' && s.label !== 'unrelated' && s.label !== 'correlated').map((s) => s.service))];
  const amplifiers = retryingServices.filter((s) => s !== root?.service);
  if (amplifiers.length && root) didNotGoWell.push(`Retries from ${amplifiers.join(', ')} amplified the load on ${root.service}.`);

  if (root && root.confidence >= 0.7) wentWell.push(`The evidence points clearly at ${root.kind} in ${root.service} (confidence ${formatProbability(root.confidence)}).`);
  else if (root) didNotGoWell.push(`The cause is uncertain: the top candidate, ${root.kind} in ${root.service}, has confidence ${formatProbability(root.confidence)}.`);
  else didNotGoWell.push('The analysis could not name a root cause.');

  if (report.missingSources.length) didNotGoWell.push(`No ${report.missingSources.join(', ')} data was available to the analysis.`);

  return {
    wentWell,
    didNotGoWell,
    facts: {
      ...(root ? { rootService: root.service } : {}),
      rootServiceUnalerted,
      ...(ttd !== undefined ? { detectionLagSeconds: ttd } : {}),
      retryingServices: amplifiers,
      unhelpfulActions,
      ...(mitigatedByRollback ? { mitigatedByRollback } : {}),
    },
  };
}

/** "deploy of search v5.40.10 (was v5.40.9) by wen" from the change signal's full title. */
function changeHeadline(title: string): string {
  return title.replace(/ at \d{2}:\d{2}(:\d{2})?\b.*$/, '').replace(/: .*$/, '');
}
