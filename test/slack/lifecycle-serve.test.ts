import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveCommand, startServe } from '../../src/cli/run-serve-command.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { findIncidentByChannel, listIncidentEvents, type IncidentRecord } from '../../src/lifecycle/incident-records.ts';
import type { Database } from '../../src/store/database.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi, type RecordedSlackCall } from '../support/fake-slack-web-api.ts';
import { BOT_TOKEN, eventCallback, postSigned, signSlackRequest } from './slack-test-kit.ts';

const FORM = 'application/x-www-form-urlencoded';
const SECRET = 'lifecycle-signing-secret';

let fake: FakeSlackWebApi;
let serve: Awaited<ReturnType<typeof startServe>>;
let baseUrl: string;
let dir: string;
let db: Database;
let statusPage: Server;
const statusPosts: Array<Record<string, unknown>> = [];
let responses = 0;

function signed(body: string, contentType: string) {
  return postSigned(baseUrl, body, contentType, {}, (b) => signSlackRequest(b, SECRET));
}

/** Runs `/incident <text>` in `channel` as `user`; resolves with what came back through its response_url. */
async function incident(text: string, channel: string, user: string): Promise<{ text: string; responseType: string }> {
  const id = `cmd-${++responses}`;
  const body = new URLSearchParams({
    token: 'legacy', team_id: 'T1', team_domain: 'example', channel_id: channel, channel_name: 'somewhere', user_id: user, user_name: user.toLowerCase(),
    command: '/incident', text, api_app_id: 'A1', response_url: `${fake.url}response/${id}`, trigger_id: 'trig.1',
  }).toString();
  const ack = await signed(body, FORM);
  expect(ack.status).toBe(200);
  const reply = await vi.waitFor(() => {
    const call = fake.callsTo(`response/${id}`)[0];
    if (!call) throw new Error(`no response to /incident ${text} yet`);
    return call;
  }, { timeout: 20_000 });
  return { text: String(reply.args.text), responseType: String(reply.args.response_type) };
}

function alertmanagerPayload(status: 'firing' | 'resolved', service: string, startsAtMs: number) {
  return {
    version: '4', groupKey: `{}:{alertname="HighErrorRate",service="${service}"}`, status, receiver: 'opsight', groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.local', truncatedAlerts: 0,
    alerts: [{
      status, labels: { alertname: 'HighErrorRate', service, severity: 'critical' }, annotations: { summary: `5xx ratio above 5% on ${service}` },
      startsAt: new Date(startsAtMs).toISOString(), endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.local/graph', fingerprint: `fp-${service}`,
    }],
  };
}

const inChannel = (method: string, channel: string) => fake.callsTo(method).filter((c) => c.args.channel === channel);
const text = (call: RecordedSlackCall | undefined) => JSON.stringify([call?.args.text, call?.args.blocks]);

async function declared(title: string, channel = 'CGENERAL', user = 'UALICE', severity = 'sev2', extra = ''): Promise<IncidentRecord> {
  const before = fake.callsTo('conversations.create').length;
  const reply = await incident(`create ${title} --severity ${severity}${extra}`, channel, user);
  expect(reply.text).toMatch(/^Declared INC-\d{8}-\d+ in <#C\d+>/);
  const created = fake.callsTo('conversations.create')[before]!;
  const channelId = fake.callsTo('conversations.invite').at(-1)!.args.channel as string;
  const record = await findIncidentByChannel(db, channelId);
  expect(record?.channelName).toBe(created.args.name);
  return record!;
}

beforeAll(async () => {
  fake = await startFakeSlackWebApi();
  fake.on('usergroups.users.list', (args) => ({ users: args.usergroup === 'SSRE' ? ['USRE1'] : args.usergroup === 'SONCALL' ? ['UCAROL'] : [] }));
  statusPage = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      statusPosts.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => statusPage.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(join(tmpdir(), 'opsight-lifecycle-'));
  const config = join(dir, 'opsight.yaml');
  await writeFile(
    config,
    [
      'lifecycle:',
      '  onCall: { users: [UONCALL], groups: [SSRE] }',
      '  broadcastChannel: CBROADCAST',
      `  statusPageWebhook: http://127.0.0.1:${(statusPage.address() as AddressInfo).port}/status`,
      'policy:',
      '  roles:',
      '    on-call: { users: [UBOB], groups: [SONCALL] }',
      '',
    ].join('\n'),
  );
  serve = await startServe({
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: '0', OPSIGHT_CONFIG: config,
    OPSIGHT_DATA_DIR: join(dir, 'data'), OPSIGHT_ALERTS_FILE: join(dir, 'alerts.jsonl'), OPSIGHT_CHANGES_FILE: join(dir, 'changes.jsonl'),
  });
  baseUrl = `http://127.0.0.1:${serve.port}`;
  db = serve.server.services.lifecycle!.context.db;
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  await fake?.close();
  await new Promise((resolve) => statusPage?.close(resolve));
});

it('a wrong lifecycle setting stops opsight serve at start, named', async () => {
  const config = join(dir, 'bad.yaml');
  await writeFile(config, 'lifecycle:\n  broadcastChannel: incidents\n  onCall: { users: [alice] }\n');
  const cap = captureIo();
  expect(await serveCommand.run([], cap.io, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: '0', OPSIGHT_CONFIG: config, OPSIGHT_DATA_DIR: join(dir, 'bad-data') })).toBe(2);
  expect(cap.err()).toContain('lifecycle.broadcastChannel');
  expect(cap.err()).toContain('lifecycle.onCall.users.0');
});

describe('the incident lifecycle through opsight serve (signed Slack requests, Web API stand-in)', () => {
  it('create → update → severity → commander → alerts in → resolve, each reflected in the pinned header; refusals say why', async () => {
    const incidentRecord = await declared('Checkout failing', 'CGENERAL', 'UALICE', 'sev2', ' --services checkout');
    const channel = incidentRecord.channelId!;
    expect(incidentRecord.channelName).toMatch(/^inc-\d{8}-checkout-failing$/);
    expect(incidentRecord.channelName!.slice(4, 12)).toBe(new Date(incidentRecord.openedAtMs).toISOString().slice(0, 10).replaceAll('-', ''));
    expect(String(inChannel('conversations.invite', channel)[0]!.args.users).split(',').sort()).toEqual(['UALICE', 'UONCALL', 'USRE1']);
    expect(String(inChannel('conversations.setTopic', channel)[0]!.args.topic)).toBe('SEV2 · Investigating · IC <@UALICE> · Checkout failing');
    const header = inChannel('chat.postMessage', channel)[0]!;
    expect(text(header)).toContain('Checkout failing');
    expect(inChannel('pins.add', channel)[0]!.args.timestamp).toBe(incidentRecord.headerTs);
    expect(incidentRecord.headerTs).toBeTruthy();
    expect(fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'CBROADCAST' && String(c.args.text).includes(`<#${channel}>`))).toBe(true);
    const headerUpdates = () => inChannel('chat.update', channel).filter((c) => c.args.ts === incidentRecord.headerTs);

    const update = await incident('update identified bad deploy of payments v2.4.1', channel, 'UDAVE');
    expect(update).toEqual({ text: expect.stringContaining('identified: bad deploy of payments v2.4.1'), responseType: 'in_channel' });
    expect(text(headerUpdates().at(-1))).toContain('bad deploy of payments v2.4.1');
    expect(statusPosts.at(-1)).toMatchObject({ incidentId: incidentRecord.id, status: 'identified', message: 'identified: bad deploy of payments v2.4.1' });

    const refused = await incident('severity sev1', channel, 'UDAVE');
    expect(refused.responseType).toBe('ephemeral');
    expect(refused.text).toContain('may change the severity');
    const badSeverity = await incident('severity sev9', channel, 'UBOB');
    expect(badSeverity).toEqual({ text: expect.stringContaining('sev1, sev2, sev3, sev4'), responseType: 'ephemeral' });
    // UCAROL holds on-call through the SONCALL user group of the policy's role map.
    const raised = await incident('severity SEV1', channel, 'UCAROL');
    expect(raised.responseType).toBe('in_channel');
    expect(text(headerUpdates().at(-1))).toContain('SEV1');
    expect(fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'CBROADCAST' && String(c.args.text).includes('is now SEV1'))).toBe(true);

    const handedOver = await incident('commander <@UBOB|bob>', channel, 'UALICE');
    expect(handedOver.responseType).toBe('in_channel');
    expect(String(inChannel('conversations.setTopic', channel).at(-1)!.args.topic)).toBe('SEV1 · Identified · IC <@UBOB> · Checkout failing');
    expect(inChannel('conversations.invite', channel).at(-1)!.args.users).toBe('UBOB');
    const badMention = await incident('commander bob', channel, 'UBOB');
    expect(badMention.text).toContain('Name the new commander with a mention');

    // 100 re-sends of one Alertmanager group: stored every time, posted once, updated in place when it resolves.
    const firstSymptomMs = incidentRecord.openedAtMs - 10 * 60_000;
    const alertPosts = () => inChannel('chat.postMessage', channel).filter((c) => String(c.args.text).includes('HighErrorRate'));
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerPayload('firing', 'checkout', firstSymptomMs)) });
      expect(res.status).toBe(200);
    }
    expect(alertPosts()).toHaveLength(1);
    const resolvedAlert = await fetch(`${baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerPayload('resolved', 'checkout', firstSymptomMs)) });
    expect(resolvedAlert.status).toBe(200);
    expect(alertPosts()).toHaveLength(1);
    const alertUpdate = inChannel('chat.update', channel).find((c) => String(c.args.text).includes('RESOLVED'))!;
    const [groupRow] = await db.query<{ message_ts: string }>(`SELECT message_ts FROM alert_group_messages WHERE incident_id = $1`, [incidentRecord.id]);
    expect(alertUpdate.args.ts).toBe(groupRow!.message_ts);
    expect(alertUpdate.args.ts).not.toBe(incidentRecord.headerTs);
    expect((await readFile(join(dir, 'alerts.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(101);

    const notCommander = await incident('resolve fixed it', channel, 'UDAVE');
    expect(notCommander.text).toContain('may resolve the incident');
    const resolved = await incident('resolve rolled back payments to v2.4.0', channel, 'UBOB');
    expect(resolved).toEqual({ text: `${incidentRecord.id} resolved.`, responseType: 'ephemeral' });
    const resolution = inChannel('chat.postMessage', channel).at(-1)!;
    expect(String(resolution.args.text)).toContain('Time to detect: 10 min');
    expect(String(resolution.args.text)).toContain('Time to resolve:');
    expect(text(headerUpdates().at(-1))).toContain('Resolved');
    // The loop closes into the retrospective queue: stamped on the incident and a job on the jobs module's retro queue.
    const stored = (await findIncidentByChannel(db, channel))!;
    expect(stored).toMatchObject({ status: 'resolved', latestUpdate: 'rolled back payments to v2.4.0' });
    expect(stored.retroQueuedAtMs).toBe(stored.resolvedAtMs);
    const jobs = await db.query<{ data: { incidentId?: string } }>(`SELECT data FROM pgboss.job WHERE name = 'opsight-retro'`);
    expect(jobs.map((j) => j.data.incidentId)).toContain(incidentRecord.id);
    expect(statusPosts.at(-1)).toMatchObject({ incidentId: incidentRecord.id, status: 'resolved' });

    const again = await incident('resolve again', channel, 'UBOB');
    expect(again.text).toContain('already resolved');
    const audit = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE details->>'incidentId' = $1 ORDER BY id`, [incidentRecord.id]);
    expect(audit.map((a) => a.action)).toEqual(['incident.declared', 'incident.status', 'incident.severity', 'incident.commander', 'incident.resolved']);
    const events = await listIncidentEvents(db, incidentRecord.id);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['declared', 'status', 'severity', 'commander', 'alert', 'resolved']));
  }, 120_000);

  it('PagerDuty events at /webhooks/pagerduty land in the open incident of their service, once per PagerDuty incident', async () => {
    const incidentRecord = await declared('Billing errors', 'CGENERAL', 'UALICE', 'sev3', ' --services billing');
    const channel = incidentRecord.channelId!;
    const event = (eventType: string, status: string) => ({
      event: {
        id: `ev-${status}`, event_type: eventType, resource_type: 'incident', occurred_at: new Date().toISOString(), agent: null,
        data: { id: 'PDQ1', type: 'incident', title: 'Billing 5xx', status, incident_key: 'kq', service: { id: 'PS1', summary: 'billing' }, created_at: new Date().toISOString() },
      },
    });
    for (const [type, status] of [['incident.triggered', 'triggered'], ['incident.triggered', 'triggered'], ['incident.resolved', 'resolved']]) {
      const res = await fetch(`${baseUrl}/webhooks/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event(type!, status!)) });
      expect(res.status).toBe(200);
    }
    const posts = inChannel('chat.postMessage', channel).filter((c) => String(c.args.text).includes('FIRING'));
    expect(posts).toHaveLength(1);
    expect(inChannel('chat.update', channel).filter((c) => String(c.args.text).includes('RESOLVED'))).toHaveLength(1);
  }, 60_000);

  it('a :pushpin: reaction in the incident channel adds the message to the timeline as a key event, once', async () => {
    const incidentRecord = await declared('Search slow', 'CGENERAL', 'UALICE', 'sev3');
    const channel = incidentRecord.channelId!;
    fake.on('conversations.history', (args) => ({ messages: args.channel === channel ? [{ ts: '1795961000.000100', user: 'UBOB', text: 'rollback of search done' }] : [] }));
    const reaction = (name: string, ts = '1795961000.000100') =>
      eventCallback({ type: 'reaction_added', user: 'UALICE', reaction: name, item: { type: 'message', channel, ts }, item_user: 'UBOB', event_ts: '1795961001.000100' });
    expect((await signed(reaction('eyes'), 'application/json')).status).toBe(200);
    expect((await signed(reaction('pushpin'), 'application/json')).status).toBe(200);
    expect((await signed(reaction('pushpin'), 'application/json')).status).toBe(200);
    const keyEvents = async () => (await listIncidentEvents(db, incidentRecord.id)).filter((e) => e.kind === 'key-event');
    await vi.waitFor(async () => expect(await keyEvents()).toHaveLength(1), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await keyEvents()).toEqual([expect.objectContaining({ text: 'rollback of search done', actor: 'UALICE', messageTs: '1795961000.000100' })]);

    // /incident status in a declared incident's channel leads with its lifecycle.
    const status = await incident('status', channel, 'UBOB');
    expect(status.responseType).toBe('ephemeral');
    expect(status.text).toMatch(new RegExp(`^\\*${incidentRecord.id}\\*: SEV3 · Investigating · IC <@UALICE> · Search slow — open \\d+ (s|min)`));
  }, 60_000);

  it('the declare_incident message shortcut opens a modal with the title from the message; its submission declares the incident', async () => {
    const shortcut = {
      type: 'message_action', callback_id: 'declare_incident', trigger_id: 'trig.shortcut', team: { id: 'T1' }, user: { id: 'UALICE', name: 'alice' },
      channel: { id: 'CGENERAL', name: 'general' }, message: { type: 'message', ts: '1795962000.000100', user: 'UBOB', text: 'Payments API <https://status.local|down> for <@UX|everyone> in EU' },
      response_url: `${fake.url}response/shortcut`, token: 'legacy', action_ts: '1',
    };
    const ack = await signed(new URLSearchParams({ payload: JSON.stringify(shortcut) }).toString(), FORM);
    expect(ack.status).toBe(200);
    const opened = await vi.waitFor(() => {
      const call = fake.callsTo('views.open')[0];
      if (!call) throw new Error('no views.open yet');
      return call;
    }, { timeout: 10_000 });
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(opened.args.trigger_id).toBe('trig.shortcut');
    expect(view.blocks.find((b) => b.block_id === 'title')!.element.initial_value).toBe('Payments API down for everyone in EU');

    const submission = (title: string, severity: string | null) => new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission', team: { id: 'T1' }, user: { id: 'UALICE', name: 'alice' }, api_app_id: 'A1', token: 'legacy', trigger_id: 'trig.3',
        view: {
          id: 'V1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, hash: 'h',
          state: { values: { title: { title: { type: 'plain_text_input', value: title } }, severity: { severity: { type: 'static_select', selected_option: severity ? { value: severity, text: { type: 'plain_text', text: severity } } : null } } } },
        },
      }),
    }).toString();
    const invalid = await signed(submission('   ', null), FORM);
    expect(JSON.parse(invalid.body)).toEqual({ response_action: 'errors', errors: { title: 'Give the incident a title.', severity: 'Pick a severity: sev1, sev2, sev3 or sev4.' } });
    const creates = fake.callsTo('conversations.create').length;
    const valid = await signed(submission('Payments API down in EU', 'sev1'), FORM);
    expect(valid.status).toBe(200);
    const told = await vi.waitFor(() => {
      const call = fake.callsTo('chat.postEphemeral').find((c) => c.args.user === 'UALICE' && String(c.args.text).startsWith('Declared'));
      if (!call) throw new Error('not told yet');
      return call;
    }, { timeout: 15_000 });
    expect(told.args.channel).toBe('CGENERAL');
    expect(fake.callsTo('conversations.create')).toHaveLength(creates + 1);
    expect(fake.callsTo('conversations.create').at(-1)!.args.name).toMatch(/^inc-\d{8}-payments-api-down-in-eu$/);
    const channel = String(fake.callsTo('conversations.invite').at(-1)!.args.channel);
    expect(await findIncidentByChannel(db, channel)).toMatchObject({ title: 'Payments API down in EU', severity: 'sev1', commanderUserId: 'UALICE' });
  }, 60_000);

  it('bad input gets a clear ephemeral message and changes nothing', async () => {
    const creates = fake.callsTo('conversations.create').length;
    expect(await incident('create --severity sev2', 'CGENERAL', 'UALICE')).toEqual({ text: expect.stringContaining('Give the incident a title'), responseType: 'ephemeral' });
    expect((await incident('create Disk full --severity sev7', 'CGENERAL', 'UALICE')).text).toContain('Severity must be one of sev1, sev2, sev3, sev4, got "sev7"');
    expect((await incident('create Disk full', 'CGENERAL', 'UALICE')).text).toContain('Say how severe it is');
    expect((await incident('create Disk full --severity', 'CGENERAL', 'UALICE')).text).toContain('--severity needs a value');
    expect(fake.callsTo('conversations.create')).toHaveLength(creates);
    for (const sub of ['update all good', 'severity sev1', 'commander <@UBOB|bob>', 'resolve done']) {
      const reply = await incident(sub, 'CNOTANINCIDENT', 'UBOB');
      expect(reply).toEqual({ text: expect.stringContaining('not an incident channel'), responseType: 'ephemeral' });
    }
    expect((await incident('update', (await declared('Queue backlog')).channelId!, 'UALICE')).text).toContain('Nothing to post');
    // A malformed alert is refused with the field named; the server keeps serving.
    const bad = await fetch(`${baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"version":"4"}' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);
});
