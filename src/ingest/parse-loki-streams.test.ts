import { describe, expect, it } from 'vitest';
import { BundleError } from '../domain/index.ts';
import { parseLokiStreams } from './parse-loki-streams.ts';

const FILE = 'logs/payments.json';
const streams = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'streams', result, stats: {} } });

describe('parseLokiStreams', () => {
  it('maps entries with exact milliseconds from nanosecond strings', () => {
    const { logs, problems } = parseLokiStreams(
      streams([{ stream: { service: 'payments', level: 'ERROR', pod: 'p-1' }, values: [['1772636530999999999', 'stripe: 401'], ['1772636520123456789', 'stripe: 401']] }]),
      FILE,
    );
    expect(problems).toEqual([]);
    expect(logs.map((l) => Math.floor(l.timeMs))).toEqual([1772636530999, 1772636520123]);
    expect(logs[1]!.timeMs).toBeCloseTo(1772636520123.456, 3);
    expect(logs[0]).toEqual({ timeMs: logs[0]!.timeMs, service: 'payments', level: 'error', line: 'stripe: 401', labels: { service: 'payments', level: 'ERROR', pod: 'p-1' }, ref: `${FILE}#0:0` });
    expect(logs[1]!.ref).toBe(`${FILE}#0:1`);
  });

  it.each([
    [{ service: 'a', app: 'b' }, 'a'],
    [{ service_name: 'b', job: 'c' }, 'b'],
    [{ app: 'c', container: 'd' }, 'c'],
    [{ job: 'ns/d' }, 'ns/d'],
    [{ container: 'e' }, 'e'],
    [{ filename: '/var/log/x' }, 'unknown'],
  ])('service from stream labels %j → %s', (stream, service) => {
    expect(parseLokiStreams(streams([{ stream, values: [['1', 'x']] }]), FILE).logs[0]!.service).toBe(service);
  });

  it.each([
    [{ level: 'WARN' }, 'ERROR in text', 'warn'],
    [{ severity: 'Critical' }, 'x', 'critical'],
    [{ detected_level: 'info' }, 'x', 'info'],
    [{ detected_level: 'unknown' }, 'level=error boom', 'error'],
    [{}, '{"level":"error","msg":"x"}', 'error'],
    [{}, 'FATAL out of memory', 'fatal'],
    [{}, 'hello', 'unknown'],
  ])('level from labels %j or line %j → %s', (stream, line, level) => {
    expect(parseLokiStreams(streams([{ stream, values: [['1', line]] }]), FILE).logs[0]!.level).toBe(level);
  });

  it('merges structured metadata (third element) into that entry’s labels', () => {
    const { logs } = parseLokiStreams(streams([{ stream: { service: 's' }, values: [['1', 'a', { trace_id: 't1', detected_level: 'warn' }], ['2', 'b']] }]), FILE);
    expect(logs[0]!.labels).toEqual({ service: 's', trace_id: 't1', detected_level: 'warn' });
    expect(logs[0]!.level).toBe('warn');
    expect(logs[1]!.labels).toEqual({ service: 's' });
  });

  it('skips malformed entries with one problem per stream', () => {
    const values = [['1', 'ok'], [1772636528000000000, 'number ts'], ['abc', 'bad ts'], ['2'], ['3', 4], ['4', 'ok']];
    const { logs, problems } = parseLokiStreams(streams([{ stream: {}, values }]), FILE);
    expect(logs.map((l) => l.line)).toEqual(['ok', 'ok']);
    expect(logs.map((l) => l.ref)).toEqual([`${FILE}#0:0`, `${FILE}#0:5`]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('data.result[0].values[1]');
    expect(problems[0]!.message).toMatch(/^4 entries not/);
  });

  it('handles empty results', () => {
    expect(parseLokiStreams(streams([]), FILE)).toEqual({ logs: [], problems: [] });
    expect(parseLokiStreams(streams([{ stream: {}, values: [] }]), FILE)).toEqual({ logs: [], problems: [] });
  });

  it.each([
    [JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }), 'data.resultType', '"streams"'],
    [streams([{ stream: { service: 1 }, values: [] }]), 'data.result[0].stream.service', 'a string'],
    [streams([{ stream: {}, values: {} }]), 'data.result[0].values', 'an array of ["<unix ns>", "<log line>"] entries'],
  ])('throws a BundleError naming the JSON path (%#)', (text, field, expected) => {
    try {
      parseLokiStreams(text, FILE);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BundleError);
      expect(error).toMatchObject({ file: FILE, field, expected });
    }
  });

  it('throws with Loki’s error text', () => {
    expect(() => parseLokiStreams(JSON.stringify({ status: 'error', error: 'parse error at line 1' }), FILE)).toThrow('(Loki said: parse error at line 1)');
  });
});
