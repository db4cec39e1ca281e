import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/audit-log.ts';
import { ApprovalPolicySchema } from '../../src/executor/approval-policy.ts';
import { postIncidentUpdate } from '../../src/lifecycle/change-incident.ts';
import { declareIncident } from '../../src/lifecycle/declare-incident.ts';
import { findIncidentByChannel } from '../../src/lifecycle/incident-records.ts';
import { LifecycleSettingsSchema } from '../../src/lifecycle/lifecycle-settings.ts';
import { resolveIncident } from '../../src/lifecycle/resolve-incident.ts';
import { createLifecycleWiring } from '../../src/slack/lifecycle-wiring.ts';
import { titleFromMessage } from '../../src/slack/register-lifecycle-events.ts';
import { parseCreateArgs } from '../../src/slack/subcommands/create-subcommand.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { AlertmanagerWebhookPayload } from '../../tools/alerts/alertmanager-payload-schema.ts';
import type { PagerDutyV3Event } from '../../tools/alerts/pagerduty-event-schema.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { storeDrivers, type StoreDriver } from '../store/store-drivers.ts';

describe('parseCreateArgs', () => {
  it.each([
    ['Checkout failing --severity sev2', { ok: true, title: 'Checkout failing', severity: 'sev2', services: [] }],
    ['--sev SEV1 API down', { ok: true, title: 'API down', severity: 'sev1', services: [] }],
    ['DB slow -s sev3 --services db,api', { ok: true, title: 'DB slow', severity: 'sev3', services: ['db', 'api'] }],
    ['Queue stuck --severity=sev4', { ok: true, title: 'Queue stuck', severity: 'sev4', services: [] }],
  ])('%j', (text, expected) => {
    expect(parseCreateArgs(text)).toEqual(expected);
  });

  it.each([
    ['--severity sev2', 'Give the incident a title'],
    ['', 'Give the incident a title'],
    ['Checkout failing', 'Say how severe it is'],
    ['Checkout failing --severity critical', 'Severity must be one of sev1, sev2, sev3, sev4, got "critical"'],
    ['Checkout failing --severity', '--severity needs a value'],
  ])('%j is refused: %s', (text, message) => {
    const parsed = parseCreateArgs(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('titleFromMessage', () => {
  it.each([
    ['Payments <https://x.local|down> for <@U1|alice>', 'Payments down for alice'],
    ['see <https://grafana.local/d/1>\n\nnow', 'see https://grafana.local/d/1 now'],
    ['x'.repeat(400), 'x'.repeat(150)],
  ])('%j → %j', (text, title) => {
    expect(titleFromMessage(text)).toBe(title);
  });
});

const POLICY = ApprovalPolicySchema.parse({ roles: { 'on-call': { users: ['UBOB'], groups: ['SONCALL'] } } });

function alertmanager(status: 'firing' | 'resolved'): AlertmanagerWebhookPayload {
  return {
    version: '4', groupKey: '{}:{alertname="QueueDepth"}', status, receiver: 'opsight', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', truncatedAlerts: 0,
    alerts: [{ status, labels: { alertname: 'QueueDepth', service: 'billing', severity: 'warning' }, annotations: {}, startsAt: '2026-11-29T13:50:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'fpq' }],
  } as unknown as AlertmanagerWebhookPayload;
}

function pagerduty(eventType: 'incident.triggered' | 'incident.resolved'): PagerDutyV3Event {
  const status = eventType === 'incident.resolved' ? 'resolved' : 'triggered';
  return {
    event: {
      id: `ev-${status}`, event_type: eventType, resource_type: 'incident', occurred_at: '2026-11-29T14:01:00Z', agent: null,
      data: { id: 'PD1', type: 'incident', title: 'Billing errors', status, incident_key: 'k1', service: { id: 'P1', summary: 'billing' }, created_at: '2026-11-29T13:58:00Z' },
    },
  } as unknown as PagerDutyV3Event;
}

describe.each(storeDrivers())('createLifecycleWiring on $name', ({ setup }) => {
  let driver: StoreDriver;
  let db: Database;
  let slack: FakeSlackWebApi;
  let client: WebClient;
  let statusServer: Server;
  let statusUrl: string;
  let statusReply: (res: import('node:http').ServerResponse, body: string) => void;

  beforeAll(async () => {
    driver = await setup();
    db = await driver.open();
    await migrate(db);
    statusServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => statusReply(res, body));
    });
    await new Promise<void>((resolve) => statusServer.listen(0, '127.0.0.1', resolve));
    statusUrl = `http://127.0.0.1:${(statusServer.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    statusServer.closeAllConnections();
    await new Promise((resolve) => statusServer.close(resolve));
    await driver.teardown();
  });
  beforeEach(async () => {
    slack = await startFakeSlackWebApi();
    slack.on('usergroups.users.list', (args) => ({ users: args.usergroup === 'SONCALL' ? ['UCAROL'] : [] }));
    client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    statusReply = (res) => void res.writeHead(204).end();
    // Each stand-in numbers its channels from 1 again; channel ids are unique in the store.
    await db.query(`DELETE FROM incidents WHERE id LIKE 'INC-%'`);
  });
  afterEach(async () => slack.close());

  const wiring = (settings: unknown = {}, extra: Partial<Parameters<typeof createLifecycleWiring>[0]> = {}) =>
    createLifecycleWiring({ db, settings: LifecycleSettingsSchema.parse(settings), policy: POLICY, openRetroQueue: async () => ({ enqueueRetro: async () => 'job-1', stop: async () => {} }), ...extra });

  it('roles come from the policy role map, user groups included; every action is appended to the audit chain', async () => {
    const { context, actorOf } = wiring().bind(client);
    const carol = await actorOf('UCAROL');
    expect(carol).toEqual({ userId: 'UCAROL', groups: ['SONCALL'] });
    expect(context.hasRole(carol, 'on-call')).toBe(true);
    expect(context.hasRole({ userId: 'UBOB' }, 'on-call')).toBe(true);
    expect(context.hasRole(await actorOf('UDAVE'), 'on-call')).toBe(false);
    expect(context.hasRole({ userId: 'UDAVE' }, 'anyone')).toBe(true);
    await actorOf('UBOB');
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(1); // cached

    const before = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`))[0]!.n;
    await context.audit({ actor: 'UCAROL', action: 'incident.severity', details: { incidentId: 'INC-X' } });
    const [last] = await db.query<{ actor: string; action: string; n: number }>(`SELECT actor, action, (SELECT count(*)::int FROM audit_log) AS n FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(last).toEqual({ actor: 'UCAROL', action: 'incident.severity', n: before + 1 });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('posts status-page JSON, and a refusal or a hung webhook is an error with the reason, within the timeout', async () => {
    expect(wiring().bind(client).context.postStatusPage).toBeUndefined();
    const { context } = wiring({ statusPageWebhook: statusUrl }, { statusPageTimeoutMs: 300 }).bind(client);
    const bodies: string[] = [];
    statusReply = (res, body) => {
      bodies.push(body);
      res.writeHead(204).end();
    };
    await context.postStatusPage!({ incidentId: 'INC-1', status: 'identified' });
    expect(JSON.parse(bodies[0]!)).toEqual({ incidentId: 'INC-1', status: 'identified' });
    statusReply = (res) => void res.writeHead(503).end('down');
    await expect(context.postStatusPage!({ incidentId: 'INC-1' })).rejects.toThrow('HTTP 503');
    statusReply = () => {}; // never answers
    const started = Date.now();
    await expect(context.postStatusPage!({ incidentId: 'INC-1' })).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a resolve enqueues the retrospective; when the queue cannot open, the resolve still succeeds and says so', async () => {
    const enqueued: unknown[] = [];
    const { context } = wiring({}, { openRetroQueue: async () => ({ enqueueRetro: async (r) => (enqueued.push(r), 'job-2'), stop: async () => {} }) }).bind(client);
    const declared = await declareIncident(context, { title: 'Ledger lag', severity: 'sev3', actor: { userId: 'UBOB' } });
    if (!declared.ok) throw new Error(declared.message);
    const resolved = await resolveIncident(context, declared.value.channelId!, { userId: 'UBOB' }, 'caught up');
    expect(resolved.ok && resolved.message).toBe(`${declared.value.id} resolved.`);
    expect(enqueued).toEqual([{ incidentId: declared.value.id }]);

    const broken = wiring({}, { openRetroQueue: async () => { throw new Error('pg-boss schema not installable'); } }).bind(client);
    const second = await declareIncident(broken.context, { title: 'Ledger lag again', severity: 'sev3', actor: { userId: 'UBOB' } });
    if (!second.ok) throw new Error(second.message);
    const result = await resolveIncident(broken.context, second.value.channelId!, { userId: 'UBOB' }, 'caught up');
    expect(result.ok && result.message).toContain('queueing the retrospective: pg-boss schema not installable');
    expect((await findIncidentByChannel(db, second.value.channelId!))!.retroQueuedAtMs).not.toBeNull();
  });

  it('alert sinks store every notification first, then post Alertmanager and PagerDuty groups into the open incident once', async () => {
    const wired = wiring();
    const { context } = wired.bind(client);
    const declared = await declareIncident(context, { title: 'Billing errors', severity: 'sev2', services: ['billing'], actor: { userId: 'UALICE' } });
    if (!declared.ok) throw new Error(declared.message);
    const channel = declared.value.channelId!;
    const stored: string[] = [];
    const sinks = wired.alertSinks({ onAlertmanager: () => void stored.push('am'), onPagerduty: () => void stored.push('pd') });
    for (let i = 0; i < 5; i++) await sinks.onAlertmanager(alertmanager('firing'));
    for (let i = 0; i < 5; i++) await sinks.onPagerduty(pagerduty('incident.triggered'));
    await sinks.onPagerduty(pagerduty('incident.resolved'));
    expect(stored).toEqual([...Array(5).fill('am'), ...Array(6).fill('pd')]);
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && /FIRING|RESOLVED/.test(String(c.args.text)));
    expect(posts.map((p) => String(p.args.text))).toEqual([expect.stringContaining('QueueDepth'), expect.stringContaining('FIRING')]);
    expect(slack.callsTo('chat.update').filter((c) => c.args.channel === channel && String(c.args.text).includes('RESOLVED'))).toHaveLength(1);

    // Slack failing does not fail the sink (the notification is stored; the next re-send retries the post).
    slack.on('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    await expect(sinks.onAlertmanager({ ...alertmanager('firing'), groupKey: 'other' } as AlertmanagerWebhookPayload)).resolves.toBeUndefined();
    expect(stored).toHaveLength(12);
  });

  it('library fixes: a channel Slack refuses leaves no incident behind; a resolved incident keeps its status', async () => {
    const { context } = wiring().bind(client);
    slack.on('conversations.create', () => ({ ok: false, error: 'missing_scope' }));
    const refused = await declareIncident(context, { title: 'No scope', severity: 'sev3', actor: { userId: 'UBOB' } });
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('could not be created (missing_scope — add the channels:manage scope') });
    expect(await db.query(`SELECT id FROM incidents WHERE title = 'No scope'`)).toHaveLength(0);

    slack.on('conversations.create', (args) => ({ channel: { id: 'CRESOLVED1', name: args.name } }));
    const declared = await declareIncident(context, { title: 'Short blip', severity: 'sev4', actor: { userId: 'UBOB' } });
    if (!declared.ok) throw new Error(declared.message);
    await resolveIncident(context, 'CRESOLVED1', { userId: 'UBOB' }, 'went away');
    const reopened = await postIncidentUpdate(context, 'CRESOLVED1', { userId: 'UBOB' }, 'investigating why it came back');
    expect(reopened).toEqual({ ok: false, message: expect.stringContaining('is resolved, so its status stays resolved') });
    expect((await postIncidentUpdate(context, 'CRESOLVED1', { userId: 'UBOB' }, 'root cause: a cron job')).ok).toBe(true);
    expect((await findIncidentByChannel(db, 'CRESOLVED1'))!.status).toBe('resolved');
  });
});
