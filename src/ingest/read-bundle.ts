import { BundleError, type IncidentBundle, type IngestProblem, type SourceName } from '../domain/index.ts';
import { BundleFileReader } from './bundle-file-reader.ts';
import { checkBundleSanity } from './check-bundle-sanity.ts';
import { isBlank } from './is-blank.ts';
import { listBundleFiles, type BundleFileList } from './list-bundle-files.ts';
import { parseAlertmanager } from './parse-alertmanager.ts';
import { parseCloudEvents } from './parse-cloudevents.ts';
import { parseIncident } from './parse-incident.ts';
import { parseLokiStreams } from './parse-loki-streams.ts';
import { parsePagerduty } from './parse-pagerduty.ts';
import { parsePrometheusMatrix } from './parse-prometheus-matrix.ts';
import { parseTopology } from './parse-topology.ts';
import { readSlackExport, type ReadText } from './read-slack-export.ts';

/**
 * Reads and validates the incident bundle in `dir` (shared/spec/incident-bundle.md) into an IncidentBundle.
 * Files are read one after another into one reused buffer (BundleFileReader) and each is parsed once.
 * `incident.json` is required; every other source
 * is optional and listed in `missingSources` when it has no file at all. Non-fatal problems (bad JSONL lines,
 * dropped samples, empty files, cross-file oddities) go to `problems`.
 * @throws UserError when `dir` is not a directory.
 * @throws BundleError (file, JSON path, expected, got) when `incident.json` is missing or invalid, or a
 *   structured file is not JSON or has the wrong shape.
 */
export async function readBundle(dir: string): Promise<IncidentBundle> {
  const files = await listBundleFiles(dir);
  if (!files.hasIncident) throw new BundleError('incident.json', '(file)', 'present', 'missing');
  const reader = new BundleFileReader(dir);
  const readText: ReadText = (file) => reader.text(file);
  const incident = parseIncident(await readText('incident.json'));
  const problems: IngestProblem[] = [];

  // Metric files, most of a bundle's bytes, are scanned as read (never decoded into a string).
  const readMetrics = (file: string) => reader.withBytes(file, (bytes) => (isBlank(bytes) ? undefined : parsePrometheusMatrix(bytes, file)));
  const [slack, alertTexts, pagerdutyTexts, parsedMetrics, logTexts, changesText, topologyText] = await Promise.all([
    readSlackExport(files.slack, readText, problems),
    Promise.all(files.alertmanager.map(readText)),
    Promise.all(files.pagerduty.map(readText)),
    Promise.all(files.metrics.map(readMetrics)),
    Promise.all(files.logs.map(readText)),
    files.changes ? readText(files.changes) : undefined,
    files.topology ? readText(files.topology) : undefined,
  ]);

  const alerts = [
    ...files.alertmanager.flatMap((file, i) => collect(parseAlertmanager(alertTexts[i] ?? '', file), problems).alerts),
    ...files.pagerduty.flatMap((file, i) => collect(parsePagerduty(pagerdutyTexts[i] ?? '', file), problems).alerts),
  ];
  const metrics = files.metrics.flatMap((file, i) => {
    const parsed = parsedMetrics[i];
    if (parsed === undefined) problems.push(emptyFileProblem(file));
    return parsed === undefined ? [] : collect(parsed, problems).series;
  });
  const logs = files.logs
    .flatMap((file, i) => {
      const text = nonEmpty(file, logTexts[i], problems);
      return text === undefined ? [] : collect(parseLokiStreams(text, file), problems).logs;
    })
    .sort((a, b) => a.timeMs - b.timeMs);
  const changes = files.changes && changesText !== undefined ? collect(parseCloudEvents(changesText, files.changes), problems).changes : [];
  const topologyJson = files.topology ? nonEmpty(files.topology, topologyText, problems) : undefined;
  const topology = files.topology && topologyJson !== undefined ? parseTopology(topologyJson, files.topology) : undefined;

  const bundle = { incident, users: slack.users, chat: slack.chat, alerts, metrics, logs, changes, topology };
  problems.push(...checkBundleSanity(bundle));
  return { ...bundle, missingSources: missingSources(files), problems };
}

function missingSources(files: BundleFileList): SourceName[] {
  const present: Record<SourceName, boolean> = {
    slack: files.slack.users !== undefined || files.slack.channels !== undefined || files.slack.days.length > 0,
    alerts: files.alertmanager.length + files.pagerduty.length > 0,
    metrics: files.metrics.length > 0,
    logs: files.logs.length > 0,
    changes: files.changes !== undefined,
    topology: files.topology !== undefined,
  };
  return (Object.keys(present) as SourceName[]).filter((source) => !present[source]);
}

/** Moves a parser's problems into the bundle's list and hands back its result. */
function collect<T extends { problems: IngestProblem[] }>(result: T, problems: IngestProblem[]): T {
  for (const p of result.problems) problems.push(p);
  return result;
}

/** A whole-JSON optional file that is empty (or only whitespace) is skipped with a problem, not an error. */
function nonEmpty(file: string, text: string | undefined, problems: IngestProblem[]): string | undefined {
  if (text !== undefined && !isBlank(text)) return text;
  problems.push(emptyFileProblem(file));
  return undefined;
}

function emptyFileProblem(file: string): IngestProblem {
  return { file, field: '(file)', message: 'empty file; skipped' };
}
