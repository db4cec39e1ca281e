import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema, TopologySchema } from '../../src/domain/index.ts';
import { ensureLargeIncident, type BundleStats } from './make-large-incident.ts';
import { SAMPLES_PER_SERIES, STEP_SECONDS } from './plan-large-incident.ts';

let root: string;
const bundles = new Map<number, { dir: string; stats: BundleStats }>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'opsight-bench-'));
  for (const scale of [0.05, 0.1]) bundles.set(scale, await ensureLargeIncident(scale, root, 7));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}
async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
const small = (): { dir: string; stats: BundleStats } => bundles.get(0.1)!;

describe('makeLargeIncident', () => {
  it('writes incident.json and a layered topology (a DAG) per spec', async () => {
    const { dir, stats } = small();
    const incident = IncidentSchema.parse(await readJson(join(dir, 'incident.json')));
    expect(incident.resolvedAt! > incident.openedAt).toBe(true);
    const topology = TopologySchema.parse(await readJson(join(dir, 'topology.json')));
    expect(topology.services).toHaveLength(stats.services);
    const names = new Set(topology.services.map((s) => s.name));
    expect(names.size).toBe(stats.services);
    // Depth-first search: no cycles, every dependency exists.
    const deps = new Map(topology.services.map((s) => [s.name, s.dependsOn]));
    const state = new Map<string, 'open' | 'done'>();
    const visit = (name: string): void => {
      expect(state.get(name)).not.toBe('open');
      if (state.get(name) === 'done') return;
      state.set(name, 'open');
      for (const d of deps.get(name) ?? []) {
        expect(names.has(d)).toBe(true);
        visit(d);
      }
      state.set(name, 'done');
    };
    for (const name of names) visit(name);
  });

  it('writes Prometheus matrices: 15 s steps over 6 h, string values, some NaN or gaps', async () => {
    const { dir, stats } = small();
    const files = await filesIn(join(dir, 'metrics'));
    let series = 0;
    let samples = 0;
    let defects = 0;
    for (const file of files) {
      const body = (await readJson(file)) as { status: string; data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] } };
      expect(body.status).toBe('success');
      expect(body.data.resultType).toBe('matrix');
      for (const r of body.data.result) {
        series++;
        expect(r.metric.__name__).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(r.metric.service).toBeTruthy();
        expect(r.values.length).toBeLessThanOrEqual(SAMPLES_PER_SERIES);
        if (r.values.length < SAMPLES_PER_SERIES) defects++;
        // Plain checks in the hot loop (hundreds of thousands of samples), one assertion per series.
        let bad = 0;
        for (let i = 0; i < r.values.length; i++) {
          const [t, v] = r.values[i]!;
          if (typeof t !== 'number' || typeof v !== 'string') bad++;
          else if (v === 'NaN' || v === '+Inf') defects++;
          else if (!Number.isFinite(Number(v))) bad++;
          const step = i > 0 ? t - r.values[i - 1]![0] : STEP_SECONDS;
          if (step <= 0 || step % STEP_SECONDS !== 0) bad++;
        }
        expect(bad).toBe(0);
        samples += r.values.length;
      }
    }
    expect(series).toBe(stats.series);
    expect(series).toBe(stats.services * 7);
    expect(samples).toBe(stats.samples);
    expect(defects).toBeGreaterThan(0);
  });

  it('writes Loki streams with nanosecond string timestamps in order', async () => {
    const { dir, stats } = small();
    let lines = 0;
    for (const file of await filesIn(join(dir, 'logs'))) {
      const body = (await readJson(file)) as { data: { resultType: string; result: { stream: Record<string, string>; values: [string, string][] }[] } };
      expect(body.data.resultType).toBe('streams');
      for (const r of body.data.result) {
        expect(r.stream.service).toBeTruthy();
        expect(r.stream.level).toMatch(/^(info|warn|error)$/);
        let last = 0n;
        for (const [ns, line] of r.values) {
          expect(ns).toMatch(/^\d{19}$/);
          expect(BigInt(ns) >= last).toBe(true);
          last = BigInt(ns);
          expect(line.length).toBeGreaterThan(0);
          lines++;
        }
      }
    }
    expect(lines).toBe(stats.logLines);
  });

  it('writes Alertmanager payloads with re-sends and resolutions, and CloudEvents changes that include the culprit', async () => {
    const { dir, stats } = small();
    const payloads: { version: string; status: string; alerts: { fingerprint: string; status: string; endsAt: string }[] }[] = [];
    for (const file of await filesIn(join(dir, 'alerts'))) {
      for (const line of (await readFile(file, 'utf8')).split('\n').filter(Boolean)) payloads.push(JSON.parse(line));
    }
    expect(payloads).toHaveLength(stats.alertPayloads);
    expect(payloads.every((p) => p.version === '4' && p.alerts.length === 1)).toBe(true);
    const fingerprints = new Set(payloads.map((p) => p.alerts[0]!.fingerprint));
    expect(fingerprints.size).toBeLessThan(payloads.length);
    const resolved = payloads.filter((p) => p.status === 'resolved');
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((p) => p.alerts[0]!.endsAt !== '0001-01-01T00:00:00Z')).toBe(true);

    const changes = (await readFile(join(dir, 'changes.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { specversion: string; id: string; subject: string });
    expect(changes).toHaveLength(stats.changes);
    expect(changes.every((c) => c.specversion === '1.0' && c.subject)).toBe(true);
    const truth = (await readJson(join(dir, 'truth.json'))) as { rootCause: { service: string; changeId: string } };
    expect(changes.find((c) => c.id === truth.rootCause.changeId)?.subject).toBe(truth.rootCause.service);
    expect(truth.rootCause.service).toBe(stats.faultyService);
  });

  it('writes a Slack export: users, channels, day files with unique ts per channel', async () => {
    const { dir, stats } = small();
    const users = (await readJson(join(dir, 'slack/users.json'))) as { id: string; is_bot: boolean }[];
    expect(users.some((u) => u.is_bot)).toBe(true);
    const channels = (await readJson(join(dir, 'slack/channels.json'))) as { name: string }[];
    let messages = 0;
    let dayFiles = 0;
    for (const { name } of channels) {
      const seen = new Set<string>();
      for (const file of await filesIn(join(dir, 'slack', name))) {
        expect(file).toMatch(/\d{4}-\d{2}-\d{2}\.json$/);
        dayFiles++;
        for (const m of (await readJson(file)) as { type: string; ts: string; user?: string; bot_id?: string }[]) {
          expect(m.type).toBe('message');
          expect(m.ts).toMatch(/^\d{10}\.\d{6}$/);
          expect(seen.has(m.ts)).toBe(false);
          seen.add(m.ts);
          expect(m.user ?? m.bot_id).toBeTruthy();
          messages++;
        }
      }
    }
    expect(messages).toBe(stats.messages);
    expect(dayFiles).toBeGreaterThan(channels.length);
  });

  it('scales counts linearly and keeps every series 6 h long', () => {
    const a = bundles.get(0.05)!.stats;
    const b = small().stats;
    expect(b.messages).toBe(2 * a.messages);
    expect(b.logLines).toBe(2 * a.logLines);
    expect(b.alertPayloads).toBe(2 * a.alertPayloads);
    expect(b.services).toBe(2 * a.services);
    expect(b.messages).toBe(2_000);
    expect(b.alertPayloads).toBe(500);
    expect(b.samples / b.series).toBeGreaterThan(SAMPLES_PER_SERIES * 0.95);
  });

  it('reuses a bundle whose generator version matches', async () => {
    const again = await ensureLargeIncident(0.1, root, 7);
    expect(again.generated).toBe(false);
    expect(again.stats).toEqual(small().stats);
  });
});
