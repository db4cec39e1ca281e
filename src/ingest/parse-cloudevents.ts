import { z } from 'zod';
import type { ChangeEvent, IngestProblem } from '../domain/index.ts';
import { parseJsonLines } from './parse-json-lines.ts';
import { TimestampMsSchema } from './timestamp-ms-schema.ts';
import { zodLineProblem } from './zod-line-problem.ts';

const CloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  time: TimestampMsSchema,
  subject: z.string().nullish(),
  data: z.unknown().optional(),
});

/** Change events read from `changes.jsonl`, sorted by time, plus the lines that had to be skipped. */
export interface ParsedChanges {
  changes: ChangeEvent[];
  problems: IngestProblem[];
}

const DATA_FIELDS = ['environment', 'version', 'previousVersion', 'author', 'description'] as const;

/**
 * Parses `changes.jsonl` (CloudEvents 1.0 structured JSON, one per line) into ChangeEvents sorted by time.
 * `specversion` "1.0", `id`, `type`, `source` and an RFC 3339 `time` are required; the service is
 * `subject`, else `data.service`; a line lacking one of these is a problem and is skipped.
 * `data.environment/version/previousVersion/author/description` are mapped when they are strings.
 * `type` is kept as given. A non-object `data` is kept as `{value: data}`.
 */
export function parseCloudEvents(text: string, file = 'changes.jsonl'): ParsedChanges {
  const problems: IngestProblem[] = [];
  const changes: ChangeEvent[] = [];
  for (const { line, value } of parseJsonLines(file, text, problems)) {
    const parsed = CloudEventSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(zodLineProblem(file, line, parsed.error, value));
      continue;
    }
    const e = parsed.data;
    const data: Record<string, unknown> = isRecord(e.data) ? e.data : e.data === undefined || e.data === null ? {} : { value: e.data };
    const service = nonEmptyString(e.subject) ?? nonEmptyString(data.service);
    if (!service) {
      problems.push({ file, field: `line ${line}: subject`, message: 'must be the service (or data.service must be), got neither; line skipped' });
      continue;
    }
    const change: ChangeEvent = { id: e.id, type: e.type, service, timeMs: e.time, source: e.source, data, ref: `${file}:${line}` };
    for (const key of DATA_FIELDS) {
      const v = nonEmptyString(data[key]);
      if (v !== undefined) change[key] = v;
    }
    changes.push(change);
  }
  return { changes: changes.sort((a, b) => a.timeMs - b.timeMs), problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
