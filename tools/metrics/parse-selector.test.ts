import { describe, expect, it } from 'vitest';
import { matchesAll, parseLogQuery, parseSeriesSelector, passesLineFilters } from './parse-selector.ts';

const payments = { __name__: 'http_request_error_ratio', service: 'payments', job: 'payments' };

describe('parseSeriesSelector', () => {
  it.each([
    ['http_request_error_ratio', true],
    ['http_request_error_ratio{service="payments"}', true],
    ['http_request_error_ratio{service="orders"}', false],
    ['{service=~"pay.*"}', true],
    ['{service=~"pay"}', false], // regex matchers are anchored, as in Prometheus
    ['{__name__=~".+"}', true],
    ['{__name__="http_request_error_ratio", service!="orders", job!~"x|y"}', true],
    ['{service!~"pay.*",__name__=~".+"}', false],
    ["{service='payments'}", true],
    ['{service=`payments`}', true],
    ['http_request_error_ratio{region=""}', true], // a missing label equals the empty string
    ['http_request_error_ratio{ service = "payments" , }', true],
  ])('%s matches the payments series: %s', (query, expected) => {
    expect(matchesAll(payments, parseSeriesSelector(query))).toBe(expected);
  });

  it.each([
    ['rate(http_requests_total[5m])', /"rate\(…\)" is a function or aggregation/],
    ['sum by (service) (up)', /is an aggregation/],
    ['up[5m]', /range vectors/],
    ['up offset 5m', /offset is not supported/],
    ['up > 1', /binary operators are not supported/],
    ['up / on(job) other', /binary operators are not supported/],
  ])('%s → unsupported, saying what is supported', (query, reason) => {
    expect(() => parseSeriesSelector(query)).toThrow(reason);
    expect(() => parseSeriesSelector(query)).toThrow(/selectors only/);
  });

  it.each([
    ['{service="a"', /argument "query": expected "," or "}"/],
    ['{service~"a"}', /expected =, !=, =~ or !~ after "service"/],
    ['{service="a}', /unterminated string/],
    ['{service=~"("}', /invalid regular expression/],
    ['{}', /at least one matcher/],
    ['{service=~".*"}', /at least one matcher that does not match the empty string/],
    ['{service!="orders"}', /at least one matcher that does not match the empty string/],
    ['"up"', /expected a metric name/],
  ])('%s → invalid, naming the argument', (query, reason) => {
    expect(() => parseSeriesSelector(query)).toThrow(reason);
  });
});

describe('parseLogQuery', () => {
  it.each([
    ['{service="payments"}', 'error: timeout', true],
    ['{service="payments"} |= "timeout"', 'error: timeout', true],
    ['{service="payments"} |= "timeout" != "retry"', 'timeout, retry 2', false],
    ['{service="payments"} |~ "time(out)?"', 'error: time', true],
    ['{service="payments"} !~ "^debug"', 'debug: x', false],
    ['{service="payments"} |= `a"b`', 'x a"b y', true],
  ])('%s on %j passes: %s', (query, line, expected) => {
    const { matchers, filters } = parseLogQuery(query);
    expect(matchesAll({ service: 'payments' }, matchers)).toBe(true);
    expect(passesLineFilters(line, filters)).toBe(expected);
  });

  it.each([
    ['{service="a"} | json', /parsers and label filters.*not supported/],
    ['rate({service="a"}[1m])', /metric queries/],
    ['{service="a"} timeout', /unexpected "timeout"/],
    ['service="a"', /starts with a stream selector/],
  ])('%s → error', (query, reason) => {
    expect(() => parseLogQuery(query)).toThrow(reason);
  });
});
