import { describeGap } from '../analysis/describe.ts';
import type { Report, Topology } from '../domain/index.ts';
import { formatProbability } from '../report/format-probability.ts';
import { selectKeyEvents } from '../report/select-key-events.ts';
import type { SignalCluster } from '../store/group-signal-clusters.ts';
import type { SimilarIncident } from '../store/incident-embeddings.ts';
import { assessIncidentResponse } from './assess-incident-response.ts';
import { rankSystemicFixes } from './rank-systemic-fixes.ts';

/** What the draft can add beyond the report itself; every part is optional. */
export interface RetrospectiveExtras {
  /** Stored incidents most like this one (`findSimilarIncidents`). */
  similar?: readonly SimilarIncident[];
  /** Recurring signal clusters (`findSignalClusters`); those that include this incident are shown. */
  clusters?: readonly SignalCluster[];
  /** The bundle's topology: owner teams of the fixes. */
  topology?: Topology;
}

/**
 * A markdown postmortem draft of one incident, derived only from its analysis report (and, when
 * given, similar incidents, recurring clusters and the topology): summary, impact, timeline with
 * time to detect / mitigate / resolve, contributing factors with confidence and labels, what went
 * well and what did not, systemic fixes ranked by expected impact with an owner team, similar past
 * incidents and recurring signal clusters. Pure and deterministic: the same inputs give the same text.
 */
export function draftRetrospective(report: Report, extras: RetrospectiveExtras = {}): string {
  const out: string[] = [];
  const root = report.rootCauses[0];
  out.push(`# Postmortem draft: ${esc(report.title)}`, '');
  out.push(`**Incident:** ${esc(report.incidentId)} · **Severity:** ${esc(report.severity)} · _Drafted by opsight from the ${report.generatedBy === 'deterministic' ? 'deterministic analysis (no LLM)' : esc(report.generatedBy)}; review before publishing._`, '');

  out.push('## Summary', '', esc(report.summary), '');

  out.push('## Impact', '');
  const affected = [...new Set(report.signals.filter((s) => s.label === 'symptom' || s.label === 'likely-cause').map((s) => s.service))];
  const alertCount = new Set(report.signals.filter((s) => s.source === 'alert').map((s) => s.title.replace(/^\[FIRING:\d+\] /, '').split(' ')[0])).size;
  out.push(`- Services affected: ${affected.length ? affected.map(esc).join(', ') : 'none identified'}`);
  const ttr = report.durations.timeToResolveSeconds;
  out.push(`- Duration: ${ttr !== undefined ? `${describeGap(ttr * 1000)} from the first symptom to resolution` : 'unknown (the incident has no resolution time yet)'}`);
  out.push(`- Distinct alerts fired: ${alertCount}`, `- Severity: ${esc(report.severity)}`, '');

  out.push('## Timeline', '');
  const m = report.milestones;
  const d = report.durations;
  out.push('| Milestone | Time (UTC) | Since first symptom |', '|---|---|---|');
  out.push(`| First symptom | ${m.firstSymptom ?? 'unknown'} | |`);
  out.push(`| Detected | ${m.detected ?? 'unknown'} | ${gap(d.timeToDetectSeconds)} |`);
  out.push(`| Mitigated | ${m.mitigated ?? 'unknown'} | ${gap(d.timeToMitigateSeconds)} |`);
  out.push(`| Resolved | ${m.resolved ?? 'unknown'} | ${gap(d.timeToResolveSeconds)} |`, '');
  out.push(`Time to detect: ${gap(d.timeToDetectSeconds) || 'unknown'} · time to mitigate: ${gap(d.timeToMitigateSeconds) || 'unknown'} · time to resolve: ${gap(d.timeToResolveSeconds) || 'unknown'}`, '');
  const events = selectKeyEvents(report, 20);
  if (events.length) {
    out.push('| Time (UTC) | Kind | Event |', '|---|---|---|');
    for (const e of events) out.push(`| ${e.time.slice(0, 19).replace('T', ' ')} | ${e.kind} | ${esc(e.text)} |`);
    out.push('');
  }

  out.push('## Contributing factors', '');
  if (root) {
    out.push(`Most likely root cause: **${root.kind} in ${esc(root.service)}** (confidence ${formatProbability(root.confidence)}${root.changeId ? `, change ${esc(root.changeId)}` : ''}).`, '');
  }
  const factors = report.signals.filter((s) => s.label === 'likely-cause' || s.label === 'contributing').slice(0, 10);
  if (factors.length) {
    out.push('| Label | Confidence | Service | Kind | Signal |', '|---|---|---|---|---|');
    for (const s of factors) out.push(`| ${s.label} | ${formatProbability(s.confidence)} | ${esc(s.service)} | ${s.kind} | ${esc(s.title)} |`);
  } else {
    out.push('No signal was labelled as a cause or contributing factor.');
  }
  const others = report.rootCauses.slice(1, 3);
  if (others.length) out.push('', `Other candidates: ${others.map((r) => `${r.kind} in ${esc(r.service)} (${formatProbability(r.confidence)})`).join('; ')}.`);
  out.push('');

  const assessment = assessIncidentResponse(report);
  out.push('## What went well', '', ...bullets(assessment.wentWell, 'Nothing stood out from the data.'), '');
  out.push('## What did not go well', '', ...bullets(assessment.didNotGoWell, 'Nothing stood out from the data.'), '');

  out.push('## Systemic fixes', '', 'Ranked by expected impact.', '');
  const fixes = rankSystemicFixes(report, assessment, { ...(extras.clusters ? { clusters: extras.clusters } : {}), ...(extras.topology ? { topology: extras.topology } : {}) });
  if (fixes.length) {
    out.push('| # | Fix | Expected impact | Owner | Why |', '|---|---|---|---|---|');
    fixes.forEach((f, i) => out.push(`| ${i + 1} | ${esc(f.action)} | ${f.impact} | ${f.ownerTeam ? esc(f.ownerTeam) : `unassigned (owner of ${esc(f.service)})`} | ${esc(f.why)} |`));
  } else {
    out.push('None derived: the analysis named no cause.');
  }
  if (report.proposedCommands.length) {
    out.push('', `Remediation proposed during the incident: ${report.proposedCommands.map((p) => `\`${[p.command, ...Object.entries(p.args).map(([k, v]) => `${k}=${v}`)].join(' ')}\``).join(', ')}.`);
  }
  out.push('');

  out.push('## Similar past incidents', '');
  if (extras.similar === undefined) out.push('Not looked up (no incident store).');
  else if (extras.similar.length === 0) out.push('None stored.');
  else {
    out.push('| Similarity | Incident | Root cause | First proposed fix |', '|---|---|---|---|');
    for (const s of extras.similar) {
      const cause = s.rootCause ? `${s.rootCause.kind} in ${esc(s.rootCause.service)}` : 'none named';
      const fix = s.proposedCommand ? `\`${[s.proposedCommand.command, ...Object.entries(s.proposedCommand.args).map(([k, v]) => `${k}=${v}`)].join(' ')}\`` : '';
      out.push(`| ${s.similarity.toFixed(2)} | ${esc(s.incidentId)}: ${esc(s.title)} | ${cause} | ${esc(fix)} |`);
    }
  }
  out.push('');

  out.push('## Recurring signal clusters', '');
  if (extras.clusters === undefined) out.push('Not looked up (no incident store).');
  else {
    const mine = extras.clusters.filter((c) => c.incidentIds.includes(report.incidentId)).slice(0, 10);
    if (mine.length === 0) out.push('None of this incident\'s signals recur in other stored incidents.');
    else {
      out.push('| Incidents | Service | Kind | Source | Shape | Typical label | First seen | Last seen | Other incidents |', '|---|---|---|---|---|---|---|---|---|');
      for (const c of mine) {
        const othersIds = c.incidentIds.filter((id) => id !== report.incidentId).slice(0, 3).map(esc).join(', ');
        out.push(`| ${c.incidentCount} | ${esc(c.service)} | ${c.kind} | ${c.source} | ${esc(c.shape)} | ${c.typicalLabel} | ${c.firstSeen.slice(0, 10)} | ${c.lastSeen.slice(0, 10)} | ${othersIds} |`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function gap(seconds: number | undefined): string {
  return seconds === undefined ? '' : describeGap(seconds * 1000);
}

function bullets(lines: readonly string[], empty: string): string[] {
  return (lines.length ? lines : [empty]).map((l) => `- ${esc(l)}`);
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
