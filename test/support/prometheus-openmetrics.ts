import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listBundleFiles, parsePrometheusMatrix } from '../../src/ingest/index.ts';

/**
 * A bundle's `metrics/*.json` as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`:
 * one gauge family per metric name (families must not interleave), samples in time order, timestamps in
 * seconds. NaN/Inf samples are left out, as the bundle parser drops them. Returns the text and how many
 * series and samples it holds.
 */
export async function bundleMetricsToOpenMetrics(bundleDir: string): Promise<{ text: string; series: number; samples: number }> {
  const files = (await listBundleFiles(bundleDir)).metrics;
  const families = new Map<string, string[]>();
  let series = 0;
  let samples = 0;
  for (const file of files) {
    for (const s of parsePrometheusMatrix(await readFile(join(bundleDir, file), 'utf8'), file).series) {
      if (s.timesMs.length === 0) continue;
      const labels = Object.entries(s.labels)
        .filter(([k]) => k !== '__name__')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
        .join(',');
      const head = labels ? `${s.name}{${labels}}` : s.name;
      const lines = families.get(s.name) ?? [];
      for (let i = 0; i < s.timesMs.length; i++) lines.push(`${head} ${s.values[i]} ${(s.timesMs[i] as number) / 1000}`);
      families.set(s.name, lines);
      series++;
      samples += s.timesMs.length;
    }
  }
  const out: string[] = [];
  for (const [name, lines] of families) out.push(`# TYPE ${name} gauge`, ...lines);
  out.push('# EOF');
  return { text: `${out.join('\n')}\n`, series, samples };
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
