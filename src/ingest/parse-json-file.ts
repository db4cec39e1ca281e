import { BundleError } from '../domain/index.ts';
import { isBlank } from './is-blank.ts';

/**
 * Parses a whole bundle file as JSON, once (`parse` defaults to `JSON.parse`; the metrics reader passes its
 * own scanner, which reads the file's bytes). Invalid JSON is a BundleError naming the file and, when the
 * parser tells the offset, the line and column of the first bad character, with the text found there.
 */
export function parseJsonFile(file: string, text: string, parse?: (text: string) => unknown): unknown;
export function parseJsonFile(file: string, bytes: Buffer, parse: (bytes: Buffer) => unknown): unknown;
export function parseJsonFile(file: string, input: string | Buffer, parse: (input: never) => unknown = JSON.parse): unknown {
  try {
    return parse(input as never);
  } catch (error) {
    // A recursive parser overflows the stack on absurd nesting: that is a bad file, not our crash.
    if (error instanceof RangeError) throw new BundleError(file, '(file)', 'JSON nested less deeply', error.message);
    if (!(error instanceof SyntaxError) && !(error instanceof Error && error.name === 'JsonSyntaxError')) throw error;
    if (typeof input === 'string') return throwInvalidJson(file, input, error.message);
    return throwInvalidJson(file, input.toString('utf8'), charPositionMessage(input, error.message));
  }
}

/** A byte scanner's "at position N" counts bytes; the line and column are worked out on characters. */
function charPositionMessage(bytes: Buffer, message: string): string {
  return message.replace(/position (\d+)/, (_, offset: string) => `position ${bytes.toString('utf8', 0, Number(offset)).length}`);
}

function throwInvalidJson(file: string, text: string, reason: string): never {
  if (isBlank(text)) throw new BundleError(file, '(file)', 'valid JSON', '(empty file)');
  const position = /position (\d+)/.exec(reason);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const found = offset >= text.length ? '(end of file)' : text.slice(offset, offset + 40);
    throw new BundleError(file, `line ${line} column ${column}`, 'valid JSON', found);
  }
  throw new BundleError(file, '(file)', 'valid JSON', reason);
}
