import { describe, expect, it } from 'vitest';
import type { BundleStats } from './make-large-incident.ts';
import { renderBenchMarkdown, type BenchResults, type ScaleResult } from './render-bench-markdown.ts';
import { summarizeRuns } from './summarize-runs.ts';

function scaleResult(scale: number, wallMs: number[], rssMb: number[], top: string): ScaleResult {
  const stats: BundleStats = {
    scale, seed: 1, services: 200 * scale, series: 1400 * scale, samples: 2_000_000 * scale, messages: 20_000 * scale,
    logLines: 20_000 * scale, alertPayloads: 5_000 * scale, changes: 100 * scale, files: 100, bytes: 54e6 * scale, faultyService: 'payments-api',
  };
  return {
    stats, wallMs: summarizeRuns(wallMs), peakRssMb: summarizeRuns(rssMb),
    check: { expectedService: 'payments-api', topService: top, topKind: 'deploy', topConfidence: 0.8, trueRank: top === 'payments-api' ? 1 : 2, reportValid: true },
  };
}

const base: BenchResults = {
  date: '2026-03-05T00:00:00Z',
  machine: { nproc: 2, cpu: 'Test CPU', freeG: 'Mem: 23 1 22', node: 'v20.0.0', os: 'Linux 6', cliMode: 'dist', firstTouch: { freshMs: 95.2, againMs: 1.24 } },
  runsPerScale: 3,
  scales: [scaleResult(1, [1500, 1400, 1600], [300, 310, 305], 'payments-api'), scaleResult(4, [5000, 5100, 4900], [900, 910, 905], 'search-db')],
  startup: { wallMs: summarizeRuns([400, 400, 400]), peakRssMb: summarizeRuns([90, 90, 90]) },
  demo: { wallMs: summarizeRuns([3500, 3600, 3400]), peakRssMb: summarizeRuns([120, 120, 120]) },
  failures: [],
};

describe('renderBenchMarkdown', () => {
  const md = renderBenchMarkdown(base);

  it('lists bundles and medians with their range, and whether the true cause came first', () => {
    expect(md).toContain('| 1× | 54.0 | 100 | 200 | 1400 | 2,000,000 | 20,000 | 20,000 | 5,000 | 100 |');
    expect(md).toContain('| 1× | 1.50 [1.40–1.60] | 305 [300–310] | payments-api (deploy, 0.80) ✓ | 1 |');
    expect(md).toContain('search-db (deploy, 0.80) ✗ expected payments-api');
    expect(md).toContain('- CLI: precompiled `dist/`');
    expect(md).toContain('- Memory: filling 32 MB that the process never touched took 95 ms, filling it again 1.2 ms.');
  });

  it('gives raw and start-up-corrected growth between scales', () => {
    // 5.0 / 1.5 = 3.33; net (5.0 − 0.4) / (1.5 − 0.4) = 4.18.
    expect(md).toMatch(/\| 4× \/ 1× \| 4\.0 \| 3\.33 \| 0\.87 \| 4\.18 \| 1\.03 \| 2\.97 \| 0\.78 \|/);
  });

  it('marks each target met or missed', () => {
    expect(md).toContain('| 1× wall < 2.00 s | 1.50 s | met |');
    expect(md).toContain('| 1× peak RSS < 600 MB | 305 MB | met |');
    expect(md).toContain('| demo < 3.00 s | 3.50 s | **missed** |');
  });

  it('says so when the 1× scale or the demo were not measured, and lists failures', () => {
    const partial = renderBenchMarkdown({ ...base, scales: [base.scales[1]!], demo: { error: 'exit 2' }, failures: ['demo, run 1: exit 2'] });
    expect(partial).toContain('| 1× wall and peak RSS | not run | |');
    expect(partial).toContain('Failed: exit 2');
    expect(partial).toContain('- demo, run 1: exit 2');
  });
});
