import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../src/analysis/analyze-incident.ts';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { saveIncidentReport } from '../../src/store/incident-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { AnalysisCache, createOpsightServer, LazyStore } from '../../tools/opsight/index.ts';
import { allTextOf as text, callTool as call, connectInMemory } from './connect-in-memory.ts';

const ROOT = join(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'examples/demo-incident');
const STORED = ['01_config-payments', '06_credential-payments', '12_retry-storm-ecommerce'].map((s) => join(ROOT, 'evals/scenarios', s));

async function connect(store: LazyStore, analyses = new AnalysisCache()): Promise<Client> {
  return (await connectInMemory(createOpsightServer({ analyses, store }))).client;
}

describe('opsight MCP server on the demo bundle', () => {
  let client: Client;
  let store: LazyStore;
  let opened = 0;

  beforeAll(async () => {
    store = new LazyStore(async () => { opened++; return openDatabase({}); });
    client = await connect(store);
  });
  afterAll(async () => {
    await client.close();
    await store.close();
  });

  it('lists the six read-only tools and starts without opening the store', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['analyze_incident', 'draft_postmortem', 'get_timeline', 'propose_commands', 'rank_signals', 'similar_incidents']);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && t.outputSchema)).toBe(true);
    expect(opened).toBe(0);
  });

  it('analyze_incident gives the same summary and root causes as opsight analyze', async () => {
    const expected = await analyzeBundleDir(DEMO);
    const result = await call(client, 'analyze_incident', { bundleDir: DEMO });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { incidentId: string; summary: string; rootCauses: unknown[]; milestones: unknown; counts: { signals: number } };
    expect(out.incidentId).toBe(expected.incidentId);
    expect(out.summary).toBe(expected.summary);
    expect(out.rootCauses).toEqual(expected.rootCauses.slice(0, 5));
    expect(out.milestones).toEqual(expected.milestones);
    expect(out.counts.signals).toBe(expected.signals.length);
    const top = expected.rootCauses[0]!;
    expect(text(result)).toContain(`most likely ${top.kind} in ${top.service}`);
  });

  it('get_timeline filters by kind and bounds the list', async () => {
    const result = await call(client, 'get_timeline', { bundleDir: DEMO, limit: 3, kinds: ['change', 'alert'] });
    const out = result.structuredContent as { events: Array<{ kind: string; time: string }>; total: number; truncated: boolean };
    expect(out.events).toHaveLength(3);
    expect(out.total).toBeGreaterThan(3);
    expect(out.truncated).toBe(true);
    for (const e of out.events) expect(['change', 'alert']).toContain(e.kind);
    expect([...out.events.map((e) => e.time)].sort()).toEqual(out.events.map((e) => e.time));
  });

  it('rank_signals lists the most likely cause first', async () => {
    const out = (await call(client, 'rank_signals', { bundleDir: DEMO, limit: 4 })).structuredContent as { signals: Array<{ confidence: number }>; truncated: boolean };
    expect(out.signals).toHaveLength(4);
    expect(out.truncated).toBe(true);
    expect(out.signals.map((s) => s.confidence)).toEqual([...out.signals.map((s) => s.confidence)].sort((a, b) => b - a));
  });

  it('propose_commands returns proposals that each require human approval, and executes nothing', async () => {
    const result = await call(client, 'propose_commands', { bundleDir: DEMO });
    const out = result.structuredContent as { proposals: Array<{ requiresApproval: boolean; approval: string; command: string }>; executed: boolean };
    expect(out.proposals.length).toBeGreaterThan(0);
    for (const p of out.proposals) {
      expect(p.requiresApproval).toBe(true);
      expect(p.approval).toMatch(/requires human approval/);
    }
    expect(out.executed).toBe(false);
    expect(text(result)).toMatch(/never executes/);
  });

  it('draft_postmortem returns a markdown draft', async () => {
    const out = (await call(client, 'draft_postmortem', { bundleDir: DEMO })).structuredContent as { markdown: string };
    expect(out.markdown).toMatch(/^# Postmortem draft: /);
    expect(out.markdown).toContain('## Summary');
  });

  it('similar_incidents opens the store on first use and finds stored incidents by bundle or by id', async () => {
    const db = await store.get();
    expect(opened).toBe(1);
    for (const dir of [...STORED, DEMO]) {
      const bundle = await readBundle(dir);
      await saveIncidentReport(db, bundle.incident, buildReport(bundle, analyzeIncident(bundle)), dir);
    }
    const byBundle = (await call(client, 'similar_incidents', { bundleDir: DEMO, limit: 2 })).structuredContent as { incidentId: string; similar: Array<{ incidentId: string; similarity: number }> };
    expect(byBundle.similar).toHaveLength(2);
    expect(byBundle.similar.map((s) => s.incidentId)).not.toContain(byBundle.incidentId);
    const byId = (await call(client, 'similar_incidents', { incidentId: byBundle.incidentId, limit: 2 })).structuredContent as typeof byBundle;
    expect(byId.similar.map((s) => s.incidentId)).toEqual(byBundle.similar.map((s) => s.incidentId));
    expect(opened).toBe(1);
    const unknown = await call(client, 'similar_incidents', { incidentId: 'INC-NOPE' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/no incident "INC-NOPE".*opsight ingest/);
  });

  it.each([
    ['analyze_incident', {}, 'bundleDir'],
    ['analyze_incident', { bundleDir: '/nonexistent/bundle' }, 'bundle directory not found: /nonexistent/bundle'],
    ['get_timeline', { bundleDir: DEMO, kinds: ['weather'] }, 'kinds'],
    ['rank_signals', { bundleDir: DEMO, limit: 0 }, 'limit'],
    ['similar_incidents', {}, 'exactly one of "bundleDir" or "incidentId"'],
    ['similar_incidents', { bundleDir: DEMO, incidentId: 'INC-1' }, 'exactly one of'],
  ])('%s %j → an error naming %s', async (tool, args, expected) => {
    const result = await call(client, tool, args);
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(expected);
  });
});

describe('opsight MCP server resilience and caching', () => {
  let work: string;
  beforeAll(async () => { work = await mkdtemp(join(tmpdir(), 'opsight-mcp-')); });
  afterAll(async () => { await rm(work, { recursive: true, force: true }); });

  it('answers similar_incidents with an error when the store is unreachable, and keeps serving', async () => {
    const store = new LazyStore(() => openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }));
    const client = await connect(store);
    const result = await call(client, 'similar_incidents', { bundleDir: DEMO });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    expect((await call(client, 'analyze_incident', { bundleDir: DEMO })).isError).toBeFalsy();
    await client.close();
  });

  it('reuses the analysis of an unchanged bundle and redoes it after a file changes', async () => {
    const dir = join(work, 'bundle');
    await cp(DEMO, dir, { recursive: true });
    const analyses = new AnalysisCache();
    const first = await analyses.get(dir);
    expect(await analyses.get(dir)).toBe(first);
    const incidentFile = join(dir, 'incident.json');
    const incident = JSON.parse(await readFile(incidentFile, 'utf8')) as { title: string };
    await writeFile(incidentFile, JSON.stringify({ ...incident, title: 'Renamed for the cache test' }));
    const second = await analyses.get(dir);
    expect(second).not.toBe(first);
    expect(second.report.title).toBe('Renamed for the cache test');
  });

  it('keeps only the most recently used bundles', async () => {
    const analyses = new AnalysisCache(1);
    const demo = await analyses.get(DEMO);
    expect(await analyses.get(DEMO)).toBe(demo);
    await analyses.get(STORED[0]!);
    expect(await analyses.get(DEMO)).not.toBe(demo);
  });
});
