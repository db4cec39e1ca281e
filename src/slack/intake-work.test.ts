import { describe, expect, it } from 'vitest';
import { INCIDENT_SUBCOMMANDS } from './incident-subcommands.ts';
import { intakeWork } from './intake-work.ts';

const command = (text: string, name = '/incident') => ({
  command: name, text, channel_id: 'C1', channel_name: 'inc-1', user_id: 'U1', user_name: 'ann', response_url: 'https://hooks.slack.test/r', trigger_id: 't',
});
const journaled = (body: unknown) => intakeWork(body, INCIDENT_SUBCOMMANDS, '/incident');

describe('intakeWork: what is journaled before the ack', () => {
  it('an @mention, as the job that answers it', () => {
    const body = { type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> why  slow?', ts: '2.000002', thread_ts: '1.000001' } };
    expect(journaled(body)).toEqual({ kind: 'mention', channelId: 'C1', replyThreadTs: '1.000001', threadTs: '1.000001', question: 'why slow?', userId: 'U1', eventId: 'Ev1' });
  });

  it.each([
    ['summarize', { kind: 'command', subcommand: 'summarize', args: [], argText: '' }],
    ['Timeline  last 2h', { kind: 'command', subcommand: 'timeline', args: ['last', '2h'], argText: 'last 2h' }],
  ])('/incident %s, as its job', (text, expected) => {
    expect(journaled(command(text))).toMatchObject({ ...expected, commandName: '/incident', channelId: 'C1', responseUrl: 'https://hooks.slack.test/r' });
  });

  it.each([
    ['the help', command('help')],
    ['an unknown subcommand (answered by the help in the ack)', command('frobnicate')],
    ['a lifecycle subcommand (not idempotent; runs at once)', command('severity sev1')],
    ['another slash command', command('summarize', '/other')],
    ['a mention without a channel', { type: 'event_callback', event: { type: 'app_mention', user: 'U1', ts: '1.1' } }],
    ['a button click', { type: 'block_actions', actions: [] }],
    ['nothing', undefined],
  ])('not %s', (_what, body) => {
    expect(journaled(body)).toBeUndefined();
  });
});
