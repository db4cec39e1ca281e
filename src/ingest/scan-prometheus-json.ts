import { SampleCollector, parseSampleValue, type ScannedSamples } from './scanned-samples.ts';

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

// Where the parser is in a Prometheus response: only `data.result[i].values` gets the sample fast path.
const OTHER = 0;
const ROOT = 1;
const DATA = 2;
const RESULT = 3;
const SERIES = 4;
const VALUES = 5;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COLON = 58;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Powers of ten that are exact doubles: a ≤15-digit mantissa divided by one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Parses a Prometheus HTTP API response with the strictness of `JSON.parse`, except that the samples of
 * `data.result[i].values` are read straight into a ScannedSamples (no per-sample arrays or strings):
 * a `query_range` response of millions of samples parses several times faster, with little garbage.
 * Anything other than a plain `[<number>, "<string>"]` sample is parsed generically and classified the
 * same way. Everything else is plain JSON values (objects, arrays, strings, numbers, booleans, null).
 * @throws JsonSyntaxError when the text is not valid JSON.
 */
export function scanPrometheusJson(text: string): unknown {
  return new Scanner(text).document();
}

class Scanner {
  private pos = 0;
  private readonly len: number;
  private readonly collector = new SampleCollector();

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  document(): unknown {
    const value = this.value(ROOT);
    this.ws();
    if (this.pos !== this.len) this.fail('Unexpected data after JSON');
    return value;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(this.pos, message);
  }

  private ws(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < this.len) {
      const c = text.charCodeAt(pos);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      pos++;
    }
    this.pos = pos;
  }

  private value(ctx: number): unknown {
    this.ws();
    if (this.pos >= this.len) this.fail('Unexpected end of JSON input');
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) return this.object(ctx);
    if (c === OPEN_BRACKET) return ctx === VALUES ? this.samples() : this.array(ctx === RESULT ? SERIES : OTHER);
    if (c === QUOTE) return this.string();
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(`Unexpected token ${JSON.stringify(this.text[this.pos])}`);
  }

  private literal(length: number, value: boolean | null): boolean | null {
    this.pos += length;
    return value;
  }

  private object(ctx: number): Record<string, unknown> {
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
      const child = childContext(ctx, key);
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

  private array(elementCtx: number): unknown[] {
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

  /** `values` of a series: the hot loop. Each element takes the fast path or falls back to a generic parse. */
  private samples(): ScannedSamples {
    this.pos++; // [
    const samples = this.collector;
    samples.reset();
    this.ws();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return samples.finish();
    }
    for (;;) {
      this.ws();
      const start = this.pos;
      if (!this.fastSample(samples)) {
        this.pos = start;
        samples.pushParsed(this.value(OTHER));
      }
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACKET) return samples.finish();
      this.pos--;
      this.fail("Expected ',' or ']' after array element");
    }
  }

  /** `[<number>, "<string>"]` without escapes: parsed in place. False (the caller rewinds) otherwise. */
  private fastSample(samples: SampleCollector): boolean {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACKET) return false;
    this.pos++;
    if (isWs(text.charCodeAt(this.pos))) this.ws();
    const time = this.fastNumber(this.pos, false);
    if (Number.isNaN(time)) return false;
    if (isWs(text.charCodeAt(this.pos))) this.ws();
    if (text.charCodeAt(this.pos) !== COMMA) return false;
    this.pos++;
    if (isWs(text.charCodeAt(this.pos))) this.ws();
    if (text.charCodeAt(this.pos) !== QUOTE) return false;
    const open = this.pos + 1;
    // Common case: the string is a plain decimal ("12.345678") ending right at the quote.
    let value = this.fastNumber(open, true);
    if (Number.isNaN(value) || text.charCodeAt(this.pos) !== QUOTE) {
      let close = open;
      for (;;) {
        if (close >= this.len) return false;
        const c = text.charCodeAt(close);
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 32) return false;
        close++;
      }
      value = parseSampleValue(text.slice(open, close));
      this.pos = close;
    }
    this.pos++; // closing quote
    if (isWs(text.charCodeAt(this.pos))) this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) return false;
    this.pos++;
    samples.push(time, value);
    return true;
  }

  /**
   * A JSON number (`-?(0|[1-9]\d*)(\.\d+)?`, ≤15 digits, no exponent) starting at `from`, computed
   * exactly (mantissa / 10^k is correctly rounded in that range). Leaves `pos` after it; returns NaN
   * (and leaves a fallback to the caller) for anything else. `allowPlus` accepts a leading `+` (values).
   * No bounds checks: past the end `charCodeAt` is NaN, which fails every digit test.
   */
  private fastNumber(from: number, allowPlus: boolean): number {
    const text = this.text;
    let pos = from;
    let c = text.charCodeAt(pos);
    const negative = c === MINUS;
    if (negative || (allowPlus && c === PLUS)) c = text.charCodeAt(++pos);
    if (!(c >= ZERO && c <= NINE)) return Number.NaN;
    let mantissa = 0;
    const intStart = pos;
    if (c === ZERO) {
      c = text.charCodeAt(++pos);
      if (c >= ZERO && c <= NINE) return Number.NaN; // leading zero: not JSON (or unusual)
    } else {
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        c = text.charCodeAt(++pos);
      } while (c >= ZERO && c <= NINE);
    }
    let digits = pos - intStart;
    let scale = 0;
    if (c === DOT) {
      c = text.charCodeAt(++pos);
      if (!(c >= ZERO && c <= NINE)) return Number.NaN;
      const fracStart = pos;
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        c = text.charCodeAt(++pos);
      } while (c >= ZERO && c <= NINE);
      scale = pos - fracStart;
      digits += scale;
    }
    if (c === 101 || c === 69 || digits > 15) return Number.NaN; // exponent or too long: leave it to Number()
    this.pos = pos;
    const magnitude = scale === 0 ? mantissa : mantissa / (POW10[scale] as number);
    return negative ? -magnitude : magnitude;
  }

  private number(): number {
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

  private string(): string {
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

function childContext(ctx: number, key: string): number {
  if (ctx === ROOT && key === 'data') return DATA;
  if (ctx === DATA && key === 'result') return RESULT;
  if (ctx === SERIES && key === 'values') return VALUES;
  return OTHER;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
