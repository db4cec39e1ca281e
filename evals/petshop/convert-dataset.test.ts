import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertGraphCsv } from './convert-graph-csv.ts';
import { convertIssue } from './convert-issue.ts';
import { convertMetricsCsv, type MetricsTable } from './convert-metrics-csv.ts';
import { convertTarget } from './convert-target.ts';
import { listPetshopIssues } from './list-petshop-issues.ts';
import { hasPetshopDataset, petshopDatasetDir } from './petshop-fixtures.ts';

describe.skipIf(!hasPetshopDataset)('the real PetShop dataset', () => {
  it('has 68 labelled issues: 20 train, 48 test', async () => {
    const refs = await listPetshopIssues(petshopDatasetDir);
    expect(refs).toHaveLength(68);
    expect(refs.filter((r) => r.split === 'train')).toHaveLength(20);
  });

  // Windows only (no baseline): the baseline is the same fault-free file for every issue, and the
  // command could only leak through target.json, which every bundle file is derived from.
  it('no bundle file contains any part of the reproducibility command', async () => {
    const graphs = new Map<string, ReturnType<typeof convertGraphCsv>>();
    const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
    for (const ref of await listPetshopIssues(petshopDatasetDir)) {
      const raw = JSON.parse(read(ref.dir, 'target.json')) as { metadata: { reproducibility: { command: string } } };
      const command = raw.metadata.reproducibility.command;
      // distinctive tokens of the command: parameter names, tools, file names, not bare numbers
      let topology = graphs.get(ref.scenario);
      if (!topology) graphs.set(ref.scenario, (topology = convertGraphCsv(read(petshopDatasetDir, 'dataset', ref.scenario, 'graph.csv'))));
      const graph = topology;
      const tokens = command.split(/[\s'"&;|=]+/).filter((t) => t.length >= 6 && !/^[\d.-]+$/.test(t) && !isNodeName(t, graph));
      expect(tokens.length, ref.dir).toBeGreaterThan(0);
      const metrics: MetricsTable = convertMetricsCsv(read(ref.dir, 'metrics.csv'));
      const { files } = convertIssue({ ...ref, target: convertTarget(read(ref.dir, 'target.json')), metrics, topology });
      for (const [path, content] of files) {
        expect(content, `${ref.dir} ${path}`).not.toContain(command);
        for (const token of tokens) expect(content, `${ref.dir} ${path}: ${token}`).not.toContain(token);
      }
    }
  });
});

/** Tokens that are also node names (e.g. a cdk stack named after a service) legitimately appear. */
function isNodeName(token: string, topology: ReturnType<typeof convertGraphCsv>): boolean {
  return topology.services.some((s) => s.name.includes(token));
}
