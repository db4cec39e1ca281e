import type { IngestProblem } from '../domain/index.ts';

/** One parsed line of a JSONL file; `line` is 1-based. */
export interface JsonLine {
  line: number;
  value: unknown;
}

/**
 * Yields the parsed lines of a JSONL text, lazily, so a consumer's own problems stay in line order.
 * Blank lines are ignored; a line that is not JSON is recorded in `problems` (`field: 'line 12'`) and
 * skipped. `\r\n` line ends are accepted.
 */
export function* parseJsonLines(file: string, text: string, problems: IngestProblem[]): Generator<JsonLine> {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, field: `line ${line}`, message: `not valid JSON (${error instanceof Error ? error.message : String(error)}); line skipped` });
      continue;
    }
    yield { line, value };
  }
}
