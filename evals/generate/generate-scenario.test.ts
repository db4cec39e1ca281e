import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RootCauseKindSchema } from '../../src/domain/index.ts';
import { CaseInfoSchema, TruthSchema } from '../score/truth-schema.ts';
import { buildTopology } from './build-topology.ts';
import { FaultCatalog } from './fault-catalog.ts';
import { generateScenario, Kinds } from './generate-scenario.ts';
import { propagateImpact } from './propagate-impact.ts';
import { Rng } from './rng.ts';
import { validateBundle } from './validate-bundle.ts';
import { DevSeedKinds } from './dev-seed-kinds.ts';

const kinds = RootCauseKindSchema.options;
// One scenario per kind, with the seed doubling as the kind's index (fast enough for a unit test).
const scenarios = kinds.map((kind, i) => ({ kind, s: generateScenario(1000 + i, { kind }) }));

describe('generateScenario', () => {
  it('is deterministic for a seed', () => {
    const a = generateScenario(7);
    const b = generateScenario(7);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    for (const [k, v] of a.files) expect(b.files.get(k)).toBe(v);
    expect(generateScenario(8).files.get('incident.json')).not.toBe(a.files.get('incident.json'));
  });

  it.each(scenarios)('writes a valid bundle for $kind', ({ s }) => {
    expect(validateBundle(s.files)).toEqual([]);
    expect(TruthSchema.parse(JSON.parse(s.files.get('truth.json') as string))).toEqual(s.truth);
    expect(CaseInfoSchema.parse(parseYaml(s.files.get('case.yaml') as string))).toEqual(s.caseInfo);
  });

  it.each(scenarios)('orders the key events of $kind and matches incident.json', ({ kind, s }) => {
    const k = s.truth.keyEvents;
    const incident = JSON.parse(s.files.get('incident.json') as string) as { openedAt: string; resolvedAt: string };
    const t = (x: string) => Date.parse(x);
    expect(s.truth.rootCause.kind).toBe(kind);
    expect(t(k.firstSymptom)).toBeLessThanOrEqual(t(k.detected));
    expect(t(k.detected)).toBeLessThan(t(incident.openedAt));
    expect(t(k.detected)).toBeLessThan(t(k.mitigated!));
    expect(t(k.mitigated!)).toBeLessThan(t(k.resolved!));
    expect(k.resolved).toBe(incident.resolvedAt);
  });

  it.each(scenarios)('keeps red herrings off the root and cites real changes ($kind)', ({ s }) => {
    const changes = s.files.get('changes.jsonl');
    for (const rh of s.truth.redHerrings) expect(rh.service).not.toBe(s.truth.rootCause.service);
    if (changes === undefined) return;
    const ids = new Set(changes.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id));
    for (const rh of s.truth.redHerrings) expect(ids.has(rh.changeId)).toBe(true);
    if (s.truth.rootCause.changeId) expect(ids.has(s.truth.rootCause.changeId)).toBe(true);
  });

  it.each(scenarios)('tags match the files of $kind', ({ s }) => {
    const tags = new Set(s.caseInfo.tags);
    const has = (prefix: string) => [...s.files.keys()].some((k) => k.startsWith(prefix));
    expect(has('topology.json')).toBe(!tags.has('missing-topology'));
    expect(has('alerts/')).toBe(!tags.has('missing-alerts'));
    expect(has('logs/')).toBe(!tags.has('missing-logs'));
    expect(has('slack/')).toBe(!tags.has('missing-chat'));
    expect(has('changes.jsonl')).toBe(!tags.has('missing-changes'));
    const all = [...s.files.values()].join('\n');
    if (tags.has('injection')) expect(all).toMatch(/ignore (previous|all prior) instructions|SYSTEM OVERRIDE|new instructions/);
    if (tags.has('red-herring')) expect(s.truth.redHerrings.length).toBeGreaterThan(0);
  });

  it('external dependencies have no telemetry of their own', () => {
    const s = generateScenario(3, { kind: 'dependency' });
    const ext = s.truth.rootCause.service;
    const metrics = [...s.files].filter(([k]) => k.startsWith('metrics/')).map(([, v]) => v).join('\n');
    expect(metrics).not.toContain(`"service":"${ext}"`);
    expect(metrics).toContain(`"upstream":"${ext}"`);
  });

  it('pastes secrets into the chat when tagged', () => {
    const s = generateScenario(11, { force: { secrets: true, missingChat: false } });
    expect(s.caseInfo.tags).toContain('secrets');
    const slack = [...s.files].filter(([k]) => k.startsWith('slack/')).map(([, v]) => v).join('\n');
    expect(slack).toMatch(/AKIA[A-Z2-7]{16}|xoxb-|postgres:\/\/admin:|sk_live_|ghp_/);
  });

  it('covers every kind at least twice in the dev seeds', () => {
    const counts = new Map<string, number>();
    for (const kind of DevSeedKinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    for (const kind of Kinds) expect(counts.get(kind) ?? 0).toBeGreaterThanOrEqual(2);
  });
});

describe('propagateImpact', () => {
  it('reaches callers after their callees, never the root itself', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      const graph = buildTopology(rng, 'ecommerce', 30);
      const fault = FaultCatalog.deploy({ rng, graph, onsetMs: 1_772_000_000_000, people: [{ id: 'U1', handle: 'a', realName: 'A', title: '', isBot: false }], nextChangeId: () => 'x' });
      const impacted = propagateImpact(rng, graph, fault, true);
      for (const imp of impacted.values()) {
        if (imp.hops === 0) continue;
        expect(imp.service).not.toBe(fault.root);
        expect(imp.startMs).toBeGreaterThan((impacted.get(imp.via) as { startMs: number }).startMs);
        expect(graph.services.find((s) => s.name === imp.service)?.dependsOn).toContain(imp.via);
      }
      expect(fault.onsetMs).toBeLessThan(Math.min(...[...impacted.values()].filter((i) => i.hops > 0).map((i) => i.startMs)));
    }
  });
});
