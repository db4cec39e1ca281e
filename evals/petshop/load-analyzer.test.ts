import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/domain/index.ts';
import { loadAnalyzer } from './load-analyzer.ts';

const dir = mkdtempSync(join(tmpdir(), 'petshop-analyzer-'));
function module(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

describe('loadAnalyzer', () => {
  it('rejects a missing module with a UserError', async () => {
    await expect(loadAnalyzer(dir, 'nope.mjs')).rejects.toBeInstanceOf(UserError);
  });

  it('rejects a module without analyzeBundleDir', async () => {
    await expect(loadAnalyzer(dir, module('empty.mjs', 'export const x = 1;\n'))).rejects.toThrow(/must export analyzeBundleDir/);
  });

  it('returns the reports of a valid module, and throws on a report without rootCauses', async () => {
    const good = await loadAnalyzer(dir, module('good.mjs', `export async function analyzeBundleDir(d) {
      return { incidentId: d, summary: 'x', rootCauses: [{ service: 'PetSearch_AWS::ECS::Fargate', kind: 'unknown', confidence: 0.4, signalIds: [] }] };
    }\n`));
    expect(await good('b1')).toEqual({ incidentId: 'b1', rootCauses: [{ service: 'PetSearch_AWS::ECS::Fargate', kind: 'unknown', confidence: 0.4 }], missingSources: [] });
    const bad = await loadAnalyzer(dir, module('bad.mjs', 'export async function analyzeBundleDir() { return { incidentId: "x" }; }\n'));
    await expect(bad('b2')).rejects.toThrow(/rootCauses/);
  });
});
