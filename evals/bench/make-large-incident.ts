import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchRng } from './bench-rng.ts';
import { makeAlertPayloads } from './make-alert-payloads.ts';
import { makeChangeEvents } from './make-change-events.ts';
import { planLargeIncident, type LargeIncidentPlan } from './plan-large-incident.ts';
import { renderLogFiles } from './render-log-files.ts';
import { BENCH_METRICS, renderMetricSeries } from './render-metric-series.ts';
import { renderSlackExport } from './render-slack-export.ts';
import { writeChunks } from './write-chunks.ts';

/** Bump whenever the output changes: bundles with another version are regenerated. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20260305;
export const MARKER_FILE = '.generator-version';
export const STATS_FILE = '.bench-stats.json';
/** `evals/generated/bench` (git-ignored). */
export const DEFAULT_BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../generated/bench');

/** What a generated bundle holds. */
export interface BundleStats {
  scale: number;
  seed: number;
  services: number;
  series: number;
  /** Metric samples written, NaN/+Inf included. */
  samples: number;
  messages: number;
  logLines: number;
  alertPayloads: number;
  changes: number;
  files: number;
  bytes: number;
  faultyService: string;
}

/**
 * Writes a large incident bundle at `scale` into `outDir` (which must not exist or be empty), file by
 * file and series by series, so memory stays bounded by the largest non-metric source.
 */
export async function makeLargeIncident(outDir: string, scale: number, seed = DEFAULT_SEED): Promise<BundleStats> {
  const plan = planLargeIncident(scale, seed);
  const rng = new BenchRng(seed);
  const stats: BundleStats = {
    scale, seed, services: plan.services.length, series: 0, samples: 0, messages: 0, logLines: 0,
    alertPayloads: 0, changes: 0, files: 0, bytes: 0, faultyService: plan.fault.service,
  };
  const put = async (rel: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> => {
    const path = join(outDir, rel);
    await mkdir(dirname(path), { recursive: true });
    stats.bytes += await writeChunks(path, chunks);
    stats.files++;
  };

  await put('incident.json', [JSON.stringify(incidentOf(plan), null, 2)]);
  await put('topology.json', [JSON.stringify({ services: plan.services.map(({ name, dependsOn, team }) => ({ name, dependsOn, team })) })]);
  await put('truth.json', [JSON.stringify(truthOf(plan), null, 2)]);

  for (const metric of BENCH_METRICS) {
    for (const team of plan.teams) {
      const services = plan.services.filter((s) => s.team === team);
      await put(`metrics/${metric}.${team}.json`, (function* () {
        yield '{"status":"success","data":{"resultType":"matrix","result":[';
        for (const [i, service] of services.entries()) {
          const series = renderMetricSeries(plan, service.name, metric, rng.fork(`${service.name}/${metric}`));
          stats.series++;
          stats.samples += series.samples;
          yield i === 0 ? series.json : `,${series.json}`;
        }
        yield ']}}';
      })());
    }
  }

  for (const file of renderLogFiles(plan, rng.fork('logs'))) {
    await put(`logs/${file.name}`, [file.json]);
    stats.logLines += file.lines;
  }

  const alerts = makeAlertPayloads(plan, rng.fork('alerts'));
  for (const receiver of ['pagerduty-oncall', 'slack-ops'] as const) {
    const lines = alerts.filter((a) => a.receiver === receiver);
    if (lines.length === 0) continue;
    await put(`alerts/${receiver}.jsonl`, lines.map((a) => `${a.line}\n`));
    stats.alertPayloads += lines.length;
  }

  const changes = makeChangeEvents(plan, rng.fork('changes'));
  await put('changes.jsonl', changes.map((c) => `${JSON.stringify(c)}\n`));
  stats.changes = changes.length;

  for (const file of renderSlackExport(plan, alerts, changes, rng.fork('slack'))) {
    await put(`slack/${file.path}`, [file.json]);
    stats.messages += file.messages;
  }
  return stats;
}

/**
 * The bundle for `scale` under `root`, generated only when missing or made by another generator
 * version (the `.generator-version` marker). Generation goes to a temporary folder that is renamed
 * into place, so an interrupted run never leaves a half bundle that looks complete.
 */
export async function ensureLargeIncident(
  scale: number, root = DEFAULT_BENCH_ROOT, seed = DEFAULT_SEED,
): Promise<{ dir: string; stats: BundleStats; generated: boolean; generateMs: number }> {
  const dir = join(root, String(scale));
  const marker = `${GENERATOR_VERSION} seed=${seed}\n`;
  const existing = await readFile(join(dir, MARKER_FILE), 'utf8').catch(() => undefined);
  if (existing === marker) {
    const stats = JSON.parse(await readFile(join(dir, STATS_FILE), 'utf8')) as BundleStats;
    return { dir, stats, generated: false, generateMs: 0 };
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const started = performance.now();
  const stats = await makeLargeIncident(tmp, scale, seed);
  const generateMs = performance.now() - started;
  await writeFile(join(tmp, STATS_FILE), `${JSON.stringify(stats, null, 2)}\n`);
  await writeFile(join(tmp, MARKER_FILE), marker);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { dir, stats, generated: true, generateMs };
}

/** RFC 3339 without milliseconds when they are zero, as people write it. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function incidentOf(plan: LargeIncidentPlan): Record<string, unknown> {
  const edge = [...plan.fault.affected.entries()].sort((a, b) => b[1].distance - a[1].distance)[0]?.[0] ?? plan.fault.service;
  return {
    id: `INC-BENCH-${String(plan.scale).replace('.', '_')}`,
    title: `Elevated 5xx on ${edge}`,
    severity: 'sev1',
    channel: `inc-20260305-${plan.fault.service}`.slice(0, 80),
    openedAt: iso(plan.fault.openedMs),
    resolvedAt: iso(plan.fault.resolvedMs),
    services: [edge],
  };
}

function truthOf(plan: LargeIncidentPlan): Record<string, unknown> {
  const { fault } = plan;
  return {
    rootCause: { service: fault.service, kind: 'deploy', changeId: fault.changeId },
    contributing: [],
    redHerrings: plan.redHerrings.map((h) => ({ service: h.service, changeId: h.changeId })),
    keyEvents: {
      firstSymptom: iso(fault.onsetMs),
      detected: iso(fault.detectedMs),
      mitigated: iso(fault.mitigatedMs),
      resolved: iso(fault.resolvedMs),
    },
    remediation: [{ action: 'rollback', service: fault.service, environment: 'production' }],
  };
}

// `node bin/run.js evals/bench/make-large-incident.ts [scale ...]`: generate (if needed) and print stats.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scales = process.argv.slice(2).map(Number);
  for (const scale of scales.length ? scales : [0.25, 1, 4]) {
    const { dir, stats, generated, generateMs } = await ensureLargeIncident(scale);
    const how = generated ? `generated in ${(generateMs / 1000).toFixed(1)} s` : 'up to date';
    process.stdout.write(`${dir}: ${how}, ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.services} services, ` +
      `${stats.samples} samples, ${stats.messages} messages, ${stats.logLines} log lines, ${stats.alertPayloads} alert payloads, ${stats.changes} changes\n`);
  }
}
