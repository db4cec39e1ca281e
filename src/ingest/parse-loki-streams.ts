import { z } from 'zod';
import { rejectErrorResponse } from './reject-error-response.ts';
import { preview, type IngestProblem, type LogEntry } from '../domain/index.ts';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { detectLogLevel } from './detect-log-level.ts';
import { lokiNsToMs } from './loki-ns-to-ms.ts';
import { parseJsonFile } from './parse-json-file.ts';
import { pickLabel } from './pick-label.ts';

/** Labels that name the service of a stream, in order of preference. */
export const LOG_SERVICE_LABELS = ['service', 'service_name', 'app', 'job', 'container'] as const;
/** Labels that carry the level of a stream, in order of preference. */
export const LOG_LEVEL_LABELS = ['level', 'severity', 'detected_level'] as const;

/** Checked without walking the entries: they are validated by the loop below. */
const EntryArraySchema = z.custom<unknown[]>((v) => Array.isArray(v), { message: 'an array of ["<unix ns>", "<log line>"] entries' });

const StreamsResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('streams'),
    result: z.array(z.object({ stream: z.record(z.string(), z.string()), values: EntryArraySchema })),
  }),
});

/** Log lines read from one file (in file order), plus what was skipped. */
export interface ParsedLogs {
  logs: LogEntry[];
  problems: IngestProblem[];
}

/**
 * Parses one Loki `query_range` response (`resultType: "streams"`) into LogEntries in file order
 * (the bundle reader sorts all logs by time). `service` comes from the stream labels, `level` from a
 * level label (lower-cased) or, when absent or `unknown`, from the line. Entries may carry Loki's third
 * element (structured metadata), merged into that entry's labels. A malformed entry is skipped with one
 * problem per stream. Throws a BundleError for invalid JSON, a wrong outer shape, an error status or
 * another resultType.
 * @param file bundle-relative path (`logs/payments.json`), used in refs, problems and errors.
 */
export function parseLokiStreams(text: string, file: string): ParsedLogs {
  const json = parseJsonFile(file, text);
  rejectErrorResponse(json, file, 'Loki');
  const parsed = StreamsResponseSchema.safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);

  const problems: IngestProblem[] = [];
  const logs: LogEntry[] = [];
  parsed.data.data.result.forEach((stream, streamIndex) => {
    const labels = stream.stream;
    const service = pickLabel(labels, LOG_SERVICE_LABELS) ?? 'unknown';
    const labelLevel = levelFromLabels(labels);
    let malformed = 0;
    let firstMalformed = -1;
    const values = stream.values;
    for (let i = 0; i < values.length; i++) {
      const entry = values[i];
      const timeMs = Array.isArray(entry) && (entry.length === 2 || entry.length === 3) && typeof entry[0] === 'string' && typeof entry[1] === 'string'
        ? lokiNsToMs(entry[0])
        : undefined;
      if (timeMs === undefined) {
        if (malformed++ === 0) firstMalformed = i;
        continue;
      }
      const line = (entry as string[])[1] as string;
      const metadata = (entry as unknown[])[2];
      const entryLabels = isStringRecord(metadata) ? { ...labels, ...metadata } : labels;
      const level = (entryLabels === labels ? labelLevel : levelFromLabels(entryLabels)) ?? detectLogLevel(line);
      logs.push({ timeMs, service, level, line, labels: entryLabels, ref: `${file}#${streamIndex}:${i}` });
    }
    if (malformed > 0) {
      problems.push({
        file,
        field: `data.result[${streamIndex}].values[${firstMalformed}]`,
        message: `${malformed} entr${malformed === 1 ? 'y' : 'ies'} not ["<unix ns>", "<log line>"] and skipped, first: ${preview(values[firstMalformed])}`,
      });
    }
  });
  return { logs, problems };
}

function levelFromLabels(labels: Readonly<Record<string, string>>): string | undefined {
  const level = pickLabel(labels, LOG_LEVEL_LABELS)?.toLowerCase();
  return level && level !== 'unknown' ? level : undefined;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const v of Object.values(value)) if (typeof v !== 'string') return false;
  return true;
}
