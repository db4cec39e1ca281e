import { describe, expect, it } from 'vitest';
import { scanPrometheusJson } from './scan-prometheus-json.ts';
import { JsonSyntaxError } from './strict-json-scanner.ts';
import { SampleCollector, ScannedSamples } from './scanned-samples.ts';
import { mulberry32 as rng } from '../random/mulberry32.ts';

/** What the scanner should produce: JSON.parse, with each data.result[i].values array classified by the slow path. */
function reference(text: string): unknown {
  const json = JSON.parse(text) as { data?: { result?: Array<{ values?: unknown }> } };
  const result = json?.data?.result;
  if (Array.isArray(result)) {
    for (const series of result) {
      if (series && typeof series === 'object' && !Array.isArray(series) && Array.isArray(series.values)) {
        const collector = new SampleCollector();
        for (const s of series.values) collector.pushParsed(s);
        series.values = collector.finish();
      }
    }
  }
  return json;
}

/** Comparable form of a ScannedSamples: accepted samples plus counters. */
function plain(value: unknown): unknown {
  if (value instanceof ScannedSamples) {
    return {
      times: [...value.timesMs],
      values: [...value.values],
      dropped: value.dropped, malformed: value.malformed, first: [value.firstMalformedIndex, value.firstMalformed],
      sorted: value.sorted, dup: value.hasDuplicates,
    };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const doc = (values: string) => `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":${values}}]}}`;

describe('scanPrometheusJson', () => {
  it.each([
    doc('[[1772636400,"1"],[1772636460,"2.5"]]'),
    doc('[ [ 1772636400 , "1" ] ,\n [1772636460.25,"-0.001"] ]'),
    doc('[]'),
    doc('[[1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,""],[5,"abc"],[6,"1e-05"],[7,"1.5E+10"],[8,"+3"],[9,"-0"],[10,"00.5"],[11,".5"],[12,"5."]]'),
    doc('[[1,"0.30000000000000004"],[2,"123456789012345678"],[3,"9007199254740993"],[4,"1.7976931348623157e308"],[5,"4.9e-324"]]'),
    doc('[[1e9,"1"],[-1,"2"],[0,"3"],[0.5,"4"],[1.5e9,"5"]]'),
    doc('[["1772636400","1"],[1],[1,2,3],"x",null,{"t":1},[1,2],[1,null],[1,"a\\u0031"],[1,"\\n"]]'),
    doc('[[3,"1"],[1,"2"],[2,"3"],[2,"4"]]'),
    '{"status":"error","errorType":"bad_data","error":"parse error: \\"x\\" \\u00e9"}',
    '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":"nope"},{"values":[[1,"1"]]},7,[[1,"1"]]]}}',
    '{"data":{"values":[[1,"1"]],"result":{"values":[[1,"1"]]}},"values":[[1,"1"]]}',
    '[1, -2.5e-3, true, false, null, "s", {}, [], {"__proto__": {"x": 1}}]',
    '"just a string"',
    '  42  ',
  ])('agrees with JSON.parse on %s', (text) => {
    expect(plain(scanPrometheusJson(text))).toEqual(plain(reference(text)));
  });

  it('keeps a "__proto__" key as an own property', () => {
    const parsed = scanPrometheusJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    '', ' ', '{', '{"a":1,}', '[1,]', '[1 2]', '{"a" 1}', '{a:1}', "{'a':1}", '[01]', '[1.]', '[.5]', '[-]', '[1e]', '[+1]',
    '"unterminated', '"bad \\x escape"', '"tab\there"', 'tru', 'nul', '[NaN]', '{} {}', '[1]x',
    doc('[[1,"1"],]'), doc('[[1,"1"] [2,"2"]]'), doc('[[01,"1"]]'), doc('[[1,"1"'), doc('[[1,"1"]'), doc('[[1,"un\nescaped"]]'), doc('[[1,"1",]]'),
  ])('rejects what JSON.parse rejects: %j', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(() => scanPrometheusJson(text)).toThrow(JsonSyntaxError);
  });

  it('reports the offset of the offending character', () => {
    try {
      scanPrometheusJson('{"a": [1, 2,, 3]}');
      expect.unreachable();
    } catch (error) {
      expect((error as JsonSyntaxError).position).toBe(12);
      expect((error as JsonSyntaxError).message).toMatch(/at position 12$/);
    }
  });

  it('reads numbers exactly as Number() does (seeded random decimals)', () => {
    const random = rng(7);
    const times: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const digits = 1 + Math.floor(random() * 17);
      let s = '';
      for (let d = 0; d < digits; d++) s += String(Math.floor(random() * 10));
      s = s.replace(/^0+(?=\d)/, '');
      const dot = Math.floor(random() * (s.length + 1));
      const value = random() < 0.3 && dot > 0 && dot < s.length ? `${s.slice(0, dot)}.${s.slice(dot)}` : s;
      const signed = random() < 0.2 ? `-${value}` : value;
      texts.push(signed);
      times.push(i + Math.floor(random() * 1000) / 1000);
    }
    const samples = texts.map((t, i) => `[${times[i]},"${t}"]`).join(',');
    const scanned = (scanPrometheusJson(doc(`[${samples}]`)) as { data: { result: Array<{ values: ScannedSamples }> } }).data.result[0]!.values;
    expect(scanned.count).toBe(texts.length);
    for (let i = 0; i < texts.length; i++) {
      expect(scanned.values[i], texts[i]).toBe(Number(texts[i]));
      expect(scanned.timesMs[i]).toBe(times[i]! * 1000);
    }
  });
});
