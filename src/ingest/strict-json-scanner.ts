/** The text is not valid JSON; `position` is the offset of the offending character. */
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
 */
export class StrictJsonScanner {
  protected pos = 0;
  protected readonly len: number;

  constructor(protected readonly text: string) {
    this.len = text.length;
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
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) return this.object(ctx);
    if (c === OPEN_BRACKET) return this.arrayValue(ctx);
    if (c === QUOTE) return this.string();
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(`Unexpected token ${JSON.stringify(this.text[this.pos])}`);
  }

  protected fail(message: string): never {
    throw new JsonSyntaxError(this.pos, message);
  }

  protected ws(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < this.len) {
      const c = text.charCodeAt(pos);
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
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text.charCodeAt(this.pos) !== QUOTE) this.fail('Expected a property name');
      const key = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== COLON) this.fail("Expected ':' after property name");
      this.pos++;
      const child = this.childContext(ctx, key);
      const value = this.value(child);
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.ws();
      const c = this.text.charCodeAt(this.pos);
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
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(elementCtx));
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACKET) return out;
      this.pos--;
      this.fail("Expected ',' or ']' after array element");
    }
  }

  protected number(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === MINUS) pos++;
    const firstDigit = text.charCodeAt(pos);
    if (firstDigit === ZERO) pos++;
    else if (firstDigit > ZERO && firstDigit <= NINE) while (isDigit(text.charCodeAt(pos))) pos++;
    else {
      this.pos = pos;
      this.fail('No number after minus sign');
    }
    if (text.charCodeAt(pos) === DOT) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        this.fail('Unterminated fractional number');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === PLUS || sign === MINUS) pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        this.fail('Exponent part is missing a number');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    this.pos = pos;
    return Number(text.slice(start, pos));
  }

  protected string(): string {
    const text = this.text;
    const start = ++this.pos; // opening quote
    let pos = start;
    for (;;) {
      if (pos >= this.len) {
        this.pos = pos;
        this.fail('Unterminated string in JSON');
      }
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.pos = pos + 1;
        return text.slice(start, pos);
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
      const c = text.charCodeAt(pos);
      if (c === BACKSLASH) pos += 2;
      else if (c === QUOTE) break;
      else pos++;
    }
    if (pos >= this.len) {
      this.pos = pos;
      this.fail('Unterminated string in JSON');
    }
    const literal = text.slice(start - 1, pos + 1);
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

export function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
