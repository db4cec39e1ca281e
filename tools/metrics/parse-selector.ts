import { InvalidQueryError, UnsupportedQueryError } from './metrics-errors.ts';

/** One label matcher of a PromQL/LogQL selector. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  /** Anchored regex for `=~` / `!~` (Prometheus anchors every regex matcher). */
  regex?: RegExp;
}

/** One LogQL line filter (`|= "text"`, `!= "text"`, `|~ "re"`, `!~ "re"`). */
export interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~';
  value: string;
  regex?: RegExp;
}

export const SUPPORTED_PROMQL =
  'The bundle backend evaluates series selectors only: name, name{label="v"}, {label=~"re"}, label!="v", label!~"re", ' +
  '{__name__=~".+"}; functions, aggregations, operators, offsets and range vectors ([5m]) need a live Prometheus (PROMETHEUS_URL).';
export const SUPPORTED_LOGQL =
  'The bundle backend evaluates a stream selector {label="v",label=~"re",…} followed by line filters |= "text", != "text", |~ "re", !~ "re"; ' +
  'parsers (| json), label filters and metric queries (rate, count_over_time) need a live Loki (LOKI_URL).';

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;

/** Parses a PromQL series selector into matchers (the metric name becomes `__name__="…"`). */
export function parseSeriesSelector(query: string, argument = 'query'): LabelMatcher[] {
  const p = new Cursor(query, argument);
  p.skipSpace();
  const matchers: LabelMatcher[] = [];
  const name = p.take(NAME);
  if (name !== undefined) {
    if (/^\s*\(/.test(p.rest())) throw new UnsupportedQueryError(query, `"${name}(…)" is a function or aggregation`, SUPPORTED_PROMQL);
    if (/^\s*(by|without)\s*\(/.test(p.rest())) throw new UnsupportedQueryError(query, `"${name} by/without (…)" is an aggregation`, SUPPORTED_PROMQL);
    matchers.push(equalMatcher('__name__', name));
    p.skipSpace();
  }
  if (p.peek() === '{') matchers.push(...p.readMatchers());
  else if (name === undefined) p.fail('expected a metric name or {label="value"}');
  p.skipSpace();
  if (!p.done()) {
    const next = p.rest();
    const reason = next.startsWith('[') ? 'range vectors ([5m]) are not supported'
      : /^offset\b/.test(next) ? 'offset is not supported'
      : /^[-+*/^%<>=!]|^(and|or|unless)\b/.test(next) ? 'binary operators are not supported'
      : `unexpected ${JSON.stringify(next.slice(0, 20))} after the selector`;
    throw new UnsupportedQueryError(query, reason, SUPPORTED_PROMQL);
  }
  if (matchers.length === 0 || matchers.every((m) => matchesEmpty(m))) {
    throw new InvalidQueryError(argument, query, 'a selector needs at least one matcher that does not match the empty string (for everything use {__name__=~".+"})');
  }
  return matchers;
}

/** Parses a LogQL log query: a stream selector plus optional line filters. */
export function parseLogQuery(query: string, argument = 'query'): { matchers: LabelMatcher[]; filters: LineFilter[] } {
  const p = new Cursor(query, argument);
  p.skipSpace();
  if (p.peek() !== '{') {
    if (/^[a-z_]+\s*\(/.test(p.rest())) throw new UnsupportedQueryError(query, 'metric queries (functions) are not supported', SUPPORTED_LOGQL);
    p.fail('a LogQL query starts with a stream selector {label="value"}');
  }
  const matchers = p.readMatchers();
  if (matchers.length === 0 || matchers.every((m) => matchesEmpty(m))) {
    throw new InvalidQueryError(argument, query, 'the stream selector needs at least one matcher that does not match the empty string');
  }
  const filters: LineFilter[] = [];
  for (;;) {
    p.skipSpace();
    if (p.done()) break;
    const op = p.take(/\|=|!=|\|~|!~/y) as LineFilter['op'] | undefined;
    if (!op) {
      const reason = p.peek() === '|' ? `"${p.rest().slice(0, 20)}" (parsers and label filters) is not supported` : `unexpected ${JSON.stringify(p.rest().slice(0, 20))}`;
      throw new UnsupportedQueryError(query, reason, SUPPORTED_LOGQL);
    }
    p.skipSpace();
    const value = p.readString();
    filters.push(op === '|~' || op === '!~' ? { op, value, regex: p.compile(value, false) } : { op, value });
  }
  return { matchers, filters };
}

/** True when `labels` satisfy every matcher (a missing label counts as the empty string, as in Prometheus). */
export function matchesAll(labels: Readonly<Record<string, string>>, matchers: readonly LabelMatcher[]): boolean {
  for (const m of matchers) if (!matchesOne(labels[m.label] ?? '', m)) return false;
  return true;
}

/** True when a log line passes every line filter. */
export function passesLineFilters(line: string, filters: readonly LineFilter[]): boolean {
  for (const f of filters) {
    const ok = f.op === '|=' ? line.includes(f.value) : f.op === '!=' ? !line.includes(f.value) : f.op === '|~' ? f.regex!.test(line) : !f.regex!.test(line);
    if (!ok) return false;
  }
  return true;
}

function matchesOne(value: string, m: LabelMatcher): boolean {
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~': return m.regex!.test(value);
    case '!~': return !m.regex!.test(value);
  }
}

function matchesEmpty(m: LabelMatcher): boolean {
  return matchesOne('', m);
}

function equalMatcher(label: string, value: string): LabelMatcher {
  return { label, op: '=', value };
}

class Cursor {
  private at = 0;
  constructor(private readonly text: string, private readonly argument: string) {}

  done(): boolean { return this.at >= this.text.length; }
  peek(): string | undefined { return this.text[this.at]; }
  rest(): string { return this.text.slice(this.at); }
  skipSpace(): void { while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++; }

  take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    const m = pattern.exec(this.text);
    if (!m) return undefined;
    this.at += m[0].length;
    return m[0];
  }

  fail(reason: string): never {
    throw new InvalidQueryError(this.argument, this.text, `${reason} (at character ${this.at + 1})`);
  }

  /** `{label op "value", …}` including the braces. */
  readMatchers(): LabelMatcher[] {
    this.at++; // '{'
    const matchers: LabelMatcher[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === '}') { this.at++; return matchers; }
      const label = this.take(LABEL);
      if (!label) this.fail('expected a label name');
      this.skipSpace();
      const op = this.take(/=~|!~|!=|=/y) as LabelMatcher['op'] | undefined;
      if (!op) this.fail(`expected =, !=, =~ or !~ after "${label}"`);
      this.skipSpace();
      const value = this.readString();
      matchers.push(op === '=~' || op === '!~' ? { label, op, value, regex: this.compile(value, true) } : { label, op, value });
      this.skipSpace();
      if (this.peek() === ',') { this.at++; continue; }
      if (this.peek() === '}') { this.at++; return matchers; }
      this.fail('expected "," or "}"');
    }
  }

  /** A double-quoted, single-quoted (JSON-style escapes) or back-quoted (raw) string. */
  readString(): string {
    const quote = this.peek();
    if (quote === '`') {
      const end = this.text.indexOf('`', this.at + 1);
      if (end < 0) this.fail('unterminated `string`');
      const value = this.text.slice(this.at + 1, end);
      this.at = end + 1;
      return value;
    }
    if (quote !== '"' && quote !== "'") this.fail('expected a quoted string');
    let i = this.at + 1;
    let raw = '';
    while (i < this.text.length && this.text[i] !== quote) {
      if (this.text[i] === '\\') { raw += this.text.slice(i, i + 2); i += 2; } else { raw += this.text[i]; i++; }
    }
    if (i >= this.text.length) this.fail('unterminated string');
    this.at = i + 1;
    try {
      return JSON.parse(`"${quote === "'" ? raw.replace(/\\'/g, "'").replace(/"/g, '\\"') : raw}"`) as string;
    } catch {
      return this.fail(`invalid escape in string ${quote}${raw}${quote}`);
    }
  }

  compile(source: string, anchored: boolean): RegExp {
    try {
      return new RegExp(anchored ? `^(?:${source})$` : source, 's');
    } catch (error) {
      return this.fail(`invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
  }
}
