import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError, UserError } from '../domain/index.ts';
import { readBundle } from './read-bundle.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/ingest');
const INCIDENT = JSON.stringify({ id: 'INC-9', title: 'T', severity: 'sev2', openedAt: '2026-03-04T15:02:11Z' });
const temps: string[] = [];

/** Writes a bundle of `files` (bundle-relative path → content) into a fresh temp dir. */
async function bundleOf(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'opsight-ingest-'));
  temps.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

describe('readBundle', () => {
  it('reads every source of the full fixture', async () => {
    const b = await readBundle(join(FIXTURES, 'full'));
    expect(b.incident.id).toBe('INC-2041');
    expect(b.missingSources).toEqual([]);
    expect(b.users.map((u) => u.name)).toEqual(['alice', 'Bob Ray', 'deploybot']);
    expect(b.chat.map((m) => m.ts)).toEqual(['1772636320.000000', '1772636531.000100', '1772636535.000300', '1772636540.000100', '1772638260.000200']);
    expect(b.chat[2]!.text).toBe('@alice card payments failing since ~15:00 & rising, see dashboard');
    expect(b.chat[3]).toMatchObject({ isBot: true, userName: 'alertmanager', text: '[FIRING:1] HighErrorRate payments\nerror ratio 12% > 5%\nseverity: critical' });
    expect(b.chat[4]!.text).toBe('rolling back payments in #inc-20260304-payment, @here');

    expect(b.alerts.filter((a) => a.origin === 'alertmanager').map((a) => [a.name, a.status, a.ref])).toEqual([
      ['HighErrorRate', 'firing', 'alerts/prod.jsonl:1'],
      ['HighErrorRate', 'resolved', 'alerts/prod.jsonl:5'],
      ['CheckoutLatency', 'resolved', 'alerts/prod.jsonl:5'],
    ]);
    expect(b.alerts.filter((a) => a.origin === 'pagerduty').map((a) => a.labels.event_type)).toEqual([
      'incident.triggered', 'incident.acknowledged', 'incident.annotated', 'incident.resolved',
    ]);

    expect(b.metrics.map((m) => [m.name, m.service, m.timesMs.length, m.droppedSamples])).toEqual([
      ['http_request_error_ratio', 'payments', 3, 2],
      ['process_cpu_utilization', 'checkout-7d9f', 3, 0],
      ['payments', 'inventory', 2, 0],
    ]);
    expect(b.logs.map((l) => l.ref)).toEqual(['logs/payments.json#0:1', 'logs/payments.json#1:0', 'logs/payments.json#1:1', 'logs/payments.json#1:2', 'logs/payments.json#0:0']);
    expect(b.logs.map((l) => l.level)).toEqual(['error', 'warn', 'error', 'unknown', 'error']);
    expect(b.changes.map((c) => [c.id, c.service])).toEqual([['d-877', 'search'], ['d-881', 'payments'], ['f-12', 'checkout']]);
    expect(b.topology?.services.map((s) => s.name)).toEqual(['checkout', 'payments', 'stripe']);

    expect(b.problems.map((p) => `${p.file} ${p.field}`)).toEqual([
      'alerts/prod.jsonl line 3: alerts[0].startsAt',
      'alerts/prod.jsonl line 4',
      'alerts/pd.pagerduty.jsonl event.event_type',
      'metrics/payments.json data.result[2].values[1]',
      'metrics/payments.json data.result',
      'logs/payments.json data.result[1].values[3]',
      'changes.jsonl line 4: subject',
      'changes.jsonl line 5: specversion',
    ]);
  });

  it('lists every optional source as missing for a bundle with only incident.json', async () => {
    const b = await readBundle(join(FIXTURES, 'only-incident'));
    expect(b.missingSources).toEqual(['slack', 'alerts', 'metrics', 'logs', 'changes', 'topology']);
    expect(b).toMatchObject({ users: [], chat: [], alerts: [], metrics: [], logs: [], changes: [], topology: undefined, problems: [] });
  });

  it('requires incident.json', async () => {
    const dir = await bundleOf({ 'changes.jsonl': '' });
    const error = await readBundle(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toMatchObject({ file: 'incident.json', field: '(file)', expected: 'present', got: 'missing' });
  });

  it('throws a UserError for a directory that does not exist', async () => {
    await expect(readBundle(join(FIXTURES, 'no-such-bundle'))).rejects.toBeInstanceOf(UserError);
  });

  it('names the file and JSON path of a malformed metrics file', async () => {
    const bad = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [] }, { metric: { __name__: 'x' }, values: 7 }] } });
    const dir = await bundleOf({ 'incident.json': INCIDENT, 'metrics/a.json': JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }), 'metrics/b.json': bad });
    await expect(readBundle(dir)).rejects.toThrow(/^metrics\/b\.json: data\.result\[1\]\.values must be an array of \[<unix seconds>, "<value>"\] samples, got 7$/);
  });

  it('turns absurdly nested JSON into a BundleError, not a crash', async () => {
    const deep = `{"status":"success","data":{"resultType":"matrix","result":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
    const dir = await bundleOf({ 'incident.json': INCIDENT, 'metrics/deep.json': deep });
    await expect(readBundle(dir)).rejects.toBeInstanceOf(BundleError);
  });

  it('names the file of an invalid incident.json field', async () => {
    const dir = await bundleOf({ 'incident.json': JSON.stringify({ id: 'X', title: 'T', severity: 'sev9', openedAt: '2026-03-04T15:02:11Z' }) });
    await expect(readBundle(dir)).rejects.toThrow('incident.json: severity must be one of "sev1", "sev2", "sev3", "sev4", got "sev9"');
  });

  it('skips empty optional files with a problem, and reads empty JSONL and empty arrays', async () => {
    const dir = await bundleOf({
      'incident.json': INCIDENT,
      'metrics/empty.json': '',
      'logs/empty.json': '\n',
      'slack/general/2026-03-04.json': '[]',
      'slack/general/2026-03-05.json': ' ',
      'alerts/none.jsonl': '',
      'changes.jsonl': '\n\n',
      'topology.json': '{"services": []}',
    });
    const b = await readBundle(dir);
    expect(b.missingSources).toEqual([]);
    expect(b.problems).toEqual([
      { file: 'slack/general/2026-03-05.json', field: '(file)', message: 'empty file; skipped' },
      { file: 'metrics/empty.json', field: '(file)', message: 'empty file; skipped' },
      { file: 'logs/empty.json', field: '(file)', message: 'empty file; skipped' },
    ]);
    expect(b).toMatchObject({ chat: [], alerts: [], metrics: [], logs: [], changes: [], topology: { services: [] } });
  });

  it('routes *.pagerduty.jsonl to the PagerDuty parser only, and ignores unknown files', async () => {
    const pd = JSON.stringify({ event: { event_type: 'incident.triggered', occurred_at: '2026-03-04T15:00:00Z', data: { id: 'P1', type: 'incident', title: 'PD' } } });
    const am = JSON.stringify({ version: '4', status: 'firing', alerts: [{ labels: { alertname: 'AM' }, annotations: {}, startsAt: '2026-03-04T15:00:00Z' }] });
    const dir = await bundleOf({ 'incident.json': INCIDENT, 'alerts/x.pagerduty.jsonl': pd, 'alerts/y.jsonl': am, 'alerts/README.md': 'hi', 'truth.json': '{', 'metrics/notes.txt': 'x' });
    const b = await readBundle(dir);
    expect(b.alerts.map((a) => [a.origin, a.name])).toEqual([['alertmanager', 'AM'], ['pagerduty', 'PD']]);
    expect(b.problems).toEqual([]);
    expect(b.missingSources).toEqual(['slack', 'metrics', 'logs', 'changes', 'topology']);
  });

  it('merges Slack channels sorted by time and reads without users.json', async () => {
    const dir = await bundleOf({
      'incident.json': INCIDENT,
      'slack/a/2026-03-04.json': JSON.stringify([{ user: 'U1', text: 'a2', ts: '1772636600.000000' }]),
      'slack/b/2026-03-04.json': JSON.stringify([{ user: 'U1', text: 'b1', ts: '1772636500.000000' }]),
      'slack/a/2026-03-03.json': JSON.stringify([{ user: 'U1', text: 'a1', ts: '1772636400.000000' }]),
    });
    const b = await readBundle(dir);
    expect(b.chat.map((m) => [m.id, m.userName])).toEqual([['a/1772636400.000000', 'U1'], ['b/1772636500.000000', 'U1'], ['a/1772636600.000000', 'U1']]);
    expect(b.users).toEqual([]);
  });

  it('sorts logs from several files by time', async () => {
    const stream = (ns: string[]) => JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { service: 's' }, values: ns.map((t) => [t, `at ${t}`]) }] } });
    const dir = await bundleOf({ 'incident.json': INCIDENT, 'logs/a.json': stream(['1772636400000000000', '1772636700000000000']), 'logs/b.json': stream(['1772636500000000000']) });
    const b = await readBundle(dir);
    expect(b.logs.map((l) => l.ref)).toEqual(['logs/a.json#0:0', 'logs/b.json#0:0', 'logs/a.json#0:1']);
  });
});
