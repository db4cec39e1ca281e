/** The text is not valid JSON; `position` is the byte offset (in the UTF-8 input) of the offending character. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

export const QUOTE = 34;
export const BACKSLASH = 92;
export const COMMA = 44;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COLON = 58;
export const MINUS = 45;
export const PLUS = 43;
export const DOT = 46;
export const ZERO = 48;
export const NINE = 57;

/** Context of a value nobody asked to treat specially. */
export const OTHER = 0;
/** Context of the document's top-level value. */
export const ROOT = 1;

/**
 * A strict JSON parser (accepts and rejects what `JSON.parse` does) written so that subclasses can parse
 * chosen values their own way: every value is parsed with a numeric context, derived from its parent by
 * `childContext` (object members) and `arrayValue` (arrays). Offsets of errors are reported as
 * `JsonSyntaxError.position`. Slower than `JSON.parse` for ordinary documents; worth it only where a
 * subclass avoids building most of the values (see `scanPrometheusJson`).
 * It reads UTF-8 bytes, not a string: a file's bytes are scanned as read, so a large file is never copied
 * into a string (for the metric files of a large bundle that copy took longer than the scan). Only the
 * strings and odd numbers it returns are decoded. Past the end, `bytes[pos]` is undefined, which fails every
 * character test, like NaN.
 */
export class StrictJsonScanner {
  protected pos = 0;
  protected readonly len: number;
  protected readonly bytes: Buffer;

  constructor(input: Uint8Array) {
    this.bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.len = this.bytes.length;
  }

  /** Parses the whole text as one JSON value. */
  document(): unknown {
    const value = this.value(ROOT);
    this.ws();
    if (this.pos !== this.len) this.fail('Unexpected data after JSON');
    return value;
  }

  /** The context of the member `key` of an object parsed in context `ctx`. */
  protected childContext(_ctx: number, _key: string): number {
    return OTHER;
  }

  /** Parses the array at `pos` (on its `[`), found in context `ctx`. */
  protected arrayValue(_ctx: number): unknown {
    return this.array(OTHER);
  }

  protected value(ctx: number): unknown {
    this.ws();
    if (this.pos >= this.len) this.fail('Unexpected end of JSON input');
    const c = this.bytes[this.pos] as number;
    if (c === OPEN_BRACE) return this.object(ctx);
    if (c === OPEN_BRACKET) return this.arrayValue(ctx);
    if (c === QUOTE) return this.string();
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number();
    if (this.startsWith('true')) return this.literal(4, true);
    if (this.startsWith('false')) return this.literal(5, false);
    if (this.startsWith('null')) return this.literal(4, null);
    const character = [...this.bytes.toString('utf8', this.pos, Math.min(this.len, this.pos + 4))][0];
    return this.fail(`Unexpected token ${JSON.stringify(character)}`);
  }

  /** Whether the ASCII `word` starts at `pos`. */
  private startsWith(word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.bytes[this.pos + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  /** The UTF-8 bytes from `start` to `end`, decoded. */
  protected decode(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }

  protected fail(message: string): never {
    throw new JsonSyntaxError(this.pos, message);
  }

  protected ws(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    while (pos < this.len) {
      const c = bytes[pos];
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      pos++;
    }
    this.pos = pos;
  }

  protected literal(length: number, value: boolean | null): boolean | null {
    this.pos += length;
    return value;
  }

  protected object(ctx: number): Record<string, unknown> {
    this.pos++; // {
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.bytes[this.pos] === CLOSE_BRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.bytes[this.pos] !== QUOTE) this.fail('Expected a property name');
      const key = this.string();
      this.ws();
      if (this.bytes[this.pos] !== COLON) this.fail("Expected ':' after property name");
      this.pos++;
      const child = this.childContext(ctx, key);
      const value = this.value(child);
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.ws();
      const c = this.bytes[this.pos];
      this.pos++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) return out;
      this.pos--;
      this.fail("Expected ',' or '}' after property value");
    }
  }

  protected array(elementCtx: number): unknown[] {
    this.pos++; // [
    const out: unknown[] = [];
    this.ws();
    if (this.bytes[this.pos] === CLOSE_BRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(elementCtx));
      this.ws();
      const c = this.bytes[this.pos];
      this.pos++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACKET) return out;
      this.pos--;
      this.fail("Expected ',' or ']' after array element");
    }
  }

  protected number(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    if (bytes[pos] === MINUS) pos++;
    const firstDigit = bytes[pos] as number;
    if (firstDigit === ZERO) pos++;
    else if (firstDigit > ZERO && firstDigit <= NINE) while (isDigit(bytes[pos])) pos++;
    else {
      this.pos = pos;
      this.fail('No number after minus sign');
    }
    if (bytes[pos] === DOT) {
      pos++;
      if (!isDigit(bytes[pos])) {
        this.pos = pos;
        this.fail('Unterminated fractional number');
      }
      while (isDigit(bytes[pos])) pos++;
    }
    const e = bytes[pos];
    if (e === 101 || e === 69) {
      pos++;
      const sign = bytes[pos];
      if (sign === PLUS || sign === MINUS) pos++;
      if (!isDigit(bytes[pos])) {
        this.pos = pos;
        this.fail('Exponent part is missing a number');
      }
      while (isDigit(bytes[pos])) pos++;
    }
    this.pos = pos;
    return Number(this.bytes.toString('latin1', start, pos));
  }

  protected string(): string {
    const bytes = this.bytes;
    const start = ++this.pos; // opening quote
    let pos = start;
    for (;;) {
      if (pos >= this.len) {
        this.pos = pos;
        this.fail('Unterminated string in JSON');
      }
      const c = bytes[pos] as number;
      if (c === QUOTE) {
        this.pos = pos + 1;
        return this.decode(start, pos);
      }
      if (c === BACKSLASH) break;
      if (c < 32) {
        this.pos = pos;
        this.fail('Bad control character in string literal');
      }
      pos++;
    }
    // Escapes: let JSON.parse decode the literal once its end is found.
    while (pos < this.len) {
      const c = bytes[pos];
      if (c === BACKSLASH) pos += 2;
      else if (c === QUOTE) break;
      else pos++;
    }
    if (pos >= this.len) {
      this.pos = pos;
      this.fail('Unterminated string in JSON');
    }
    const literal = this.decode(start - 1, pos + 1);
    try {
      const decoded = JSON.parse(literal) as string;
      this.pos = pos + 1;
      return decoded;
    } catch {
      this.pos = start - 1;
      return this.fail('Bad escaped character in string literal');
    }
  }
}

export function isWs(c: number | undefined): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isDigit(c: number | undefined): boolean {
  return (c as number) >= ZERO && (c as number) <= NINE;
}
