import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeCommander, changeSeverity, postIncidentUpdate } from '../../src/lifecycle/change-incident.ts';
import { declareIncident } from '../../src/lifecycle/declare-incident.ts';
import { findIncidentByChannel, listIncidentEvents } from '../../src/lifecycle/incident-records.ts';
import { markKeyEvent } from '../../src/lifecycle/mark-key-event.ts';
import { receiveAlertGroup } from '../../src/lifecycle/receive-alert-group.ts';
import { resolveIncident } from '../../src/lifecycle/resolve-incident.ts';
import { alertGroupFromAlertmanager } from '../../src/lifecycle/to-alert-groups.ts';
import type { Database } from '../../src/store/database.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { storeDrivers } from '../store/store-drivers.ts';
import { useMigratedStore } from '../store/use-migrated-store.ts';
import { buildLifecycleContext } from './build-lifecycle-context.ts';

const ALICE = { userId: 'UALICE' };
const BOB = { userId: 'UBOB' };
const SETTINGS = { onCall: { users: ['UONCALL'], groups: ['SSRE'] }, broadcastChannel: 'CBROADCAST', autoOpen: { critical: 'sev2' } };

function alertmanagerPayload(status: 'firing' | 'resolved', service = 'checkout') {
  return {
    version: '4',
    groupKey: `{}:{alertname="HighErrorRate",service="${service}"}`,
    status,
    receiver: 'opsight',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local',
    alerts: [
      {
        status,
        labels: { alertname: 'HighErrorRate', service, severity: 'critical' },
        annotations: { summary: `5xx ratio above 5% on ${service}` },
        startsAt: '2026-11-29T13:50:00Z',
        endsAt: status === 'resolved' ? '2026-11-29T14:20:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.local/graph',
        fingerprint: `fp-${service}`,
      },
    ],
  };
}

describe.each(storeDrivers())('incident lifecycle on $name', ({ setup }) => {
  let db: Database;
  let slack: FakeSlackWebApi;

  useMigratedStore(setup, (store) => ({ db } = store), 'all');
  beforeEach(async () => {
    slack = await startFakeSlackWebApi();
    slack.on('usergroups.users.list', () => ({ users: ['USRE1', 'USRE2'] }));
    await db.query(`DELETE FROM incidents WHERE id LIKE 'INC-%'`);
  });
  afterEach(async () => slack.close());

  it('declares: channel, invitations, topic, pinned header, announcement, stored and audited', async () => {
    const { context, audits } = buildLifecycleContext(db, slack, SETTINGS);
    const result = await declareIncident(context, { title: 'Checkout failing for card payments', severity: 'sev2', services: ['checkout'], actor: ALICE });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(slack.callsTo('conversations.create')[0]!.args.name).toBe('inc-20261129-checkout-failing-for-card-payments');
    const channel = result.value.channelId!;
    expect(String(slack.callsTo('conversations.invite')[0]!.args.users).split(',').sort()).toEqual(['UALICE', 'UONCALL', 'USRE1', 'USRE2']);
    const header = slack.callsTo('chat.postMessage').find((c) => c.args.channel === channel)!;
    expect(JSON.stringify(header.args.blocks)).toContain('Checkout failing for card payments');
    expect(slack.callsTo('pins.add')[0]!.args).toMatchObject({ channel, timestamp: result.value.headerTs });
    expect(slack.callsTo('conversations.setTopic')[0]!.args.topic).toBe('SEV2 · Investigating · IC <@UALICE> · Checkout failing for card payments');
    expect(slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'CBROADCAST' && String(c.args.text).includes(`<#${channel}>`))).toBe(true);
    expect(await findIncidentByChannel(db, channel)).toMatchObject({ id: result.value.id, severity: 'sev2', status: 'investigating', commanderUserId: 'UALICE' });
    expect(audits.map((a) => a.action)).toEqual(['incident.declared']);
  });

  it('picks another channel name when the first is taken', async () => {
    let calls = 0;
    slack.on('conversations.create', (args) => (++calls === 1 ? { ok: false, error: 'name_taken' } : { channel: { id: 'CNEW', name: args.name } }));
    const { context } = buildLifecycleContext(db, slack);
    const result = await declareIncident(context, { title: 'Search slow', severity: 'sev3', actor: ALICE });
    expect(result.ok && result.value.channelName).toBe('inc-20261129-search-slow-2');
  });

  it('refuses an empty title and a declarer without the role, saying why', async () => {
    const { context } = buildLifecycleContext(db, slack, { permissions: { declare: ['on-call'] } }, { 'on-call': ['UBOB'] });
    const refused = await declareIncident(context, { title: 'x', severity: 'sev3', actor: ALICE });
    expect(refused).toEqual({ ok: false, message: 'Not declared: only someone with the on-call role may declare an incident.' });
    expect((await declareIncident(context, { title: '  ', severity: 'sev3', actor: BOB })).ok).toBe(false);
    expect(slack.callsTo('conversations.create')).toHaveLength(0);
  });

  it('records updates, severity and commander changes on the timeline and in the header, and refuses the unauthorized', async () => {
    const { context, clock, statusPage } = buildLifecycleContext(db, slack, SETTINGS, { 'on-call': ['UBOB'] });
    const declared = await declareIncident(context, { title: 'Checkout failing', severity: 'sev3', services: ['checkout'], actor: ALICE });
    if (!declared.ok) throw new Error(declared.message);
    const channel = declared.value.channelId!;
    clock.nowMs += 5 * 60_000;
    expect((await postIncidentUpdate(context, channel, BOB, 'identified bad deploy of payments v2.4.1')).ok).toBe(true);
    expect((await changeSeverity(context, channel, { userId: 'UCAROL' }, 'sev1')).message).toContain('may change the severity');
    expect((await changeSeverity(context, channel, BOB, 'sev9')).message).toContain('sev1, sev2, sev3, sev4');
    expect((await changeSeverity(context, channel, BOB, 'SEV1')).ok).toBe(true);
    expect((await changeCommander(context, channel, ALICE, '<@UBOB|bob>')).ok).toBe(true);
    clock.nowMs += 10 * 60_000;
    expect((await postIncidentUpdate(context, channel, BOB, 'monitoring rollback done, errors back to normal')).ok).toBe(true);

    const incident = (await findIncidentByChannel(db, channel))!;
    expect(incident).toMatchObject({ severity: 'sev1', commanderUserId: 'UBOB', status: 'monitoring', latestUpdate: 'rollback done, errors back to normal' });
    expect(incident.mitigatedAtMs).toBe(clock.nowMs);
    const events = await listIncidentEvents(db, incident.id);
    expect(events.map((e) => e.kind)).toEqual(['declared', 'status', 'severity', 'commander', 'status']);
    const lastHeader = slack.callsTo('chat.update').at(-1)!;
    expect(lastHeader.args.ts).toBe(incident.headerTs);
    expect(JSON.stringify(lastHeader.args.blocks)).toContain('rollback done');
    expect(statusPage.map((s) => s.status)).toEqual(['identified', 'identified', 'identified', 'monitoring']);
  });

  it('resolves: durations, resolution message, header, and queued for the retrospective', async () => {
    const { context, clock, retros } = buildLifecycleContext(db, slack, SETTINGS);
    const declared = await declareIncident(context, { title: 'Checkout failing', severity: 'sev2', services: ['checkout'], actor: ALICE });
    if (!declared.ok) throw new Error(declared.message);
    const channel = declared.value.channelId!;
    await receiveAlertGroup(context, alertGroupFromAlertmanager(alertmanagerPayload('firing')));
    clock.nowMs += 20 * 60_000;
    await postIncidentUpdate(context, channel, ALICE, 'monitoring mitigated by rollback');
    clock.nowMs += 10 * 60_000;
    const resolved = await resolveIncident(context, channel, ALICE, 'rolled back payments to v2.4.0');
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    // First alert 13:50, declared 14:00, mitigated 14:20, resolved 14:30.
    expect(resolved.value.durations).toEqual({ firstSymptomMs: Date.parse('2026-11-29T13:50:00Z'), timeToDetectMs: 10 * 60_000, timeToMitigateMs: 30 * 60_000, timeToResolveMs: 40 * 60_000 });
    expect(retros).toEqual([declared.value.id]);
    const text = String(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel).at(-1)!.args.text);
    expect(text).toContain('Time to detect: 10 min');
    expect(text).toContain('Time to resolve: 40 min');
    expect((await resolveIncident(context, channel, ALICE, 'again')).message).toContain('already resolved');
  });

  it('posts one message per alert group however many re-sends, and updates it in place when it resolves', async () => {
    const { context } = buildLifecycleContext(db, slack, SETTINGS);
    const declared = await declareIncident(context, { title: 'Checkout failing', severity: 'sev2', services: ['checkout'], actor: ALICE });
    if (!declared.ok) throw new Error(declared.message);
    const channel = declared.value.channelId!;
    const posted = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && String(c.args.text).includes('HighErrorRate'));
    const outcomes = [];
    for (let i = 0; i < 100; i++) outcomes.push(await receiveAlertGroup(context, alertGroupFromAlertmanager(alertmanagerPayload('firing'))));
    expect(posted()).toHaveLength(1);
    expect(outcomes.filter((o) => o.action === 'unchanged')).toHaveLength(99);
    const resolved = await receiveAlertGroup(context, alertGroupFromAlertmanager(alertmanagerPayload('resolved')));
    expect(resolved.action).toBe('updated');
    expect(posted()).toHaveLength(1);
    const update = slack.callsTo('chat.update').find((c) => String(c.args.text).includes('RESOLVED'))!;
    expect(update.args.ts).toBe((outcomes[0] as { messageTs: string }).messageTs);
  });

  it('opens an incident for a critical alert of a service with none open, and ignores the rest', async () => {
    const { context } = buildLifecycleContext(db, slack, SETTINGS);
    const opened = await receiveAlertGroup(context, alertGroupFromAlertmanager(alertmanagerPayload('firing', 'search')));
    expect(opened.action).toBe('posted');
    expect(slack.callsTo('conversations.create')[0]!.args.name).toBe('inc-20261129-higherrorrate-on-search');
    const { context: quiet } = buildLifecycleContext(db, slack, {});
    expect(await receiveAlertGroup(quiet, alertGroupFromAlertmanager(alertmanagerPayload('firing', 'ledger')))).toEqual({ action: 'ignored', reason: 'no open incident for ledger' });
  });

  it('adds a :pushpin:-marked message to the timeline once', async () => {
    const { context } = buildLifecycleContext(db, slack, SETTINGS);
    const declared = await declareIncident(context, { title: 'Checkout failing', severity: 'sev2', actor: ALICE });
    if (!declared.ok) throw new Error(declared.message);
    const channel = declared.value.channelId!;
    slack.on('conversations.history', () => ({ messages: [{ ts: '1795961000.000100', user: 'UBOB', text: 'rollback of payments done, errors dropping' }] }));
    const reaction = { channelId: channel, messageTs: '1795961000.000100', reaction: 'pushpin', userId: 'UALICE' };
    expect(await markKeyEvent(context, reaction)).toBe('recorded');
    expect(await markKeyEvent(context, reaction)).toBe('already-recorded');
    expect(await markKeyEvent(context, { ...reaction, reaction: 'eyes' })).toBe('ignored');
    const keyEvents = (await listIncidentEvents(db, declared.value.id)).filter((e) => e.kind === 'key-event');
    expect(keyEvents).toEqual([expect.objectContaining({ text: 'rollback of payments done, errors dropping', actor: 'UALICE', messageTs: '1795961000.000100' })]);
  });
});
