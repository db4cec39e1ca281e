import type { Incident, Topology } from '../../src/domain/index.ts';
import { convertAlerts, isoSeconds } from './convert-alerts.ts';
import { convertBaseline } from './convert-baseline.ts';
import type { MetricsTable } from './convert-metrics-csv.ts';
import { PETSHOP_STEP_SECONDS } from './convert-metric-name.ts';
import { convertPrometheus } from './convert-prometheus.ts';
import type { PetshopTarget } from './convert-target.ts';

export type PetshopScenario = 'low_traffic' | 'high_traffic' | 'temporal_traffic1' | 'temporal_traffic2';
export type PetshopSplit = 'train' | 'test';

/** Everything needed to build one bundle. */
export interface PetshopIssue {
  scenario: PetshopScenario;
  split: PetshopSplit;
  /** `n` of `issue_<n>`. */
  index: number;
  target: PetshopTarget;
  /** The issue window (`<split>/issue_<n>/metrics.csv`). */
  metrics: MetricsTable;
  /** The scenario's fault-free `noissue/metrics.csv`, when the dataset has one. */
  baseline?: MetricsTable;
  topology: Topology;
}

/** One converted bundle: relative path → file contents, plus facts the runner reports. */
export interface ConvertedIssue {
  id: string;
  files: Map<string, string>;
  /** Seconds the baseline was shifted by; undefined without a baseline. */
  baselineShiftSeconds?: number;
  baselineRows: number;
}

/** Bundle id: `petshop-<scenario>-<split>-<n>`. */
export function petshopBundleId(scenario: string, split: string, index: number): string {
  return `petshop-${scenario}-${split}-${index}`;
}

/**
 * Builds the incident-bundle files of one PetShop issue: `incident.json`, `metrics/<name>.json`
 * (baseline time-shifted in front of the issue window), `topology.json`, `alerts/petsite.jsonl`
 * and `truth.json`. No chat, logs or changes: the analyzer must report them missing.
 * The window ends one step after its last row (rows are 5-minute periods labelled by their start).
 */
export function convertIssue(issue: PetshopIssue): ConvertedIssue {
  const { target } = issue.target;
  const lastRow = issue.metrics.timesSec.at(-1) ?? target.timestamp;
  const windowEndSec = lastRow + PETSHOP_STEP_SECONDS;
  const id = petshopBundleId(issue.scenario, issue.split, issue.index);
  const joined = issue.baseline ? convertBaseline(issue.baseline, issue.metrics, PETSHOP_STEP_SECONDS) : undefined;

  const files = petshopBundleFiles({ id, table: joined?.table ?? issue.metrics, topology: issue.topology, target, windowEndSec, rootCause: issue.target.root_cause.node });
  return { id, files, baselineShiftSeconds: joined?.shiftSeconds, baselineRows: joined?.baselineRows ?? 0 };
}

/** What one PetShop-style bundle is made of; `truthExtra` is merged into truth.json (the simulator's parameters). */
export interface PetshopBundleParts {
  id: string;
  /** The metrics table to write (baseline already joined in front, if any). */
  table: MetricsTable;
  topology: Topology;
  target: PetshopTarget['target'];
  /** End of the issue window, unix seconds. */
  windowEndSec: number;
  rootCause: string;
  truthExtra?: Record<string, unknown>;
}

/** The bundle files: incident.json, metrics/<name>.json, topology.json, alerts/petsite.jsonl and truth.json. */
export function petshopBundleFiles(parts: PetshopBundleParts): Map<string, string> {
  const { id, target, windowEndSec } = parts;
  const incident: Incident = {
    id,
    title: `${target.node} ${target.metric} degraded`,
    severity: 'sev2',
    openedAt: isoSeconds(target.timestamp),
    resolvedAt: isoSeconds(windowEndSec),
    services: [target.node],
  };
  const truth = {
    rootCause: { service: parts.rootCause, kind: 'unknown' },
    keyEvents: { firstSymptom: isoSeconds(target.timestamp), detected: isoSeconds(target.timestamp) },
    ...parts.truthExtra,
  };
  const files = new Map<string, string>();
  files.set('incident.json', json(incident));
  for (const [name, response] of convertPrometheus(parts.table)) files.set(`metrics/${name}.json`, JSON.stringify(response));
  files.set('topology.json', json(parts.topology));
  files.set('alerts/petsite.jsonl', convertAlerts(target, windowEndSec));
  files.set('truth.json', json(truth));
  return files;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
