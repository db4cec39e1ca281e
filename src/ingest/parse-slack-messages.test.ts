import { describe, expect, it } from 'vitest';
import { BundleError, type ChatUser } from '../domain/index.ts';
import { parseSlackChannels } from './parse-slack-channels.ts';
import { parseSlackMessages, type SlackMessageContext } from './parse-slack-messages.ts';
import { parseSlackUsers } from './parse-slack-users.ts';

const users: ChatUser[] = parseSlackUsers(
  JSON.stringify([
    { id: 'U01', name: 'alice', real_name: 'Alice Chen', profile: { display_name: 'ali', title: 'SRE' } },
    { id: 'U02', name: 'bob', real_name: 'Bob Ray', profile: { display_name: '' } },
    { id: 'U03', name: 'carol' },
    { id: 'U04', name: 'deploybot', is_bot: true, profile: { display_name: '' } },
  ]),
);
const context: SlackMessageContext = {
  channel: 'inc-x',
  users: new Map(users.map((u) => [u.id, u])),
  channelNames: new Map([['C01', 'inc-x']]),
};
const parse = (messages: unknown[]) => parseSlackMessages(JSON.stringify(messages), 'slack/inc-x/2026-03-04.json', context);

describe('parseSlackUsers', () => {
  it('resolves the display name: display_name, else real_name, else name', () => {
    expect(users.map((u) => [u.id, u.name, u.realName, u.title, u.isBot])).toEqual([
      ['U01', 'ali', 'Alice Chen', 'SRE', false],
      ['U02', 'Bob Ray', 'Bob Ray', undefined, false],
      ['U03', 'carol', undefined, undefined, false],
      ['U04', 'deploybot', undefined, undefined, true],
    ]);
  });

  it('throws a BundleError naming the field', () => {
    expect(() => parseSlackUsers('[{"name": "x"}]')).toThrow('slack/users.json: [0].id must be a string, got undefined');
  });
});

describe('parseSlackChannels', () => {
  it('keeps id and name', () => {
    expect(parseSlackChannels('[{"id":"C1","name":"general","members":[],"topic":{"value":""}}]')).toEqual([{ id: 'C1', name: 'general' }]);
  });
});

describe('parseSlackMessages', () => {
  it('builds ids, times, names and decoded text, sorted by time', () => {
    const messages = parse([
      { type: 'message', user: 'U02', text: '<@U01> it is &lt;bad&gt;', ts: '1772636535.000300', thread_ts: '1772636531.000100' },
      { type: 'message', user: 'U01', text: 'looking', ts: '1772636531.000100', reactions: [{ name: 'eyes', count: 2, users: ['U02', 'U03'] }] },
    ]);
    expect(messages.map((m) => [m.id, m.timeMs, m.userName, m.text])).toEqual([
      ['inc-x/1772636531.000100', 1772636531000.1, 'ali', 'looking'],
      ['inc-x/1772636535.000300', 1772636535000.3, 'Bob Ray', '@ali it is <bad>'],
    ]);
    expect(messages[1]).toMatchObject({ channel: 'inc-x', userId: 'U02', isBot: false, threadTs: '1772636531.000100', rawText: '<@U01> it is &lt;bad&gt;' });
    expect(messages[0]!.reactions).toEqual([{ name: 'eyes', count: 2, users: ['U02', 'U03'] }]);
  });

  it('is lenient: no user, no text, subtypes, extra fields, null fields', () => {
    const messages = parse([
      { type: 'message', subtype: 'channel_join', user: 'U03', text: '<@U03> has joined the channel', ts: '1.000001' },
      { type: 'message', ts: '2.000000', files: [{ id: 'F1' }], weird: { nested: true } },
      { type: 'message', user: 'U09', text: null, ts: '3.0', thread_ts: null },
      { type: 'message', user: 'U09', ts: '4.0', user_profile: { display_name: 'dana' }, text: 'hi' },
    ]);
    expect(messages.map((m) => [m.subtype, m.userName, m.text])).toEqual([
      ['channel_join', 'carol', '@carol has joined the channel'],
      [undefined, 'unknown', ''],
      [undefined, 'U09', ''],
      [undefined, 'dana', 'hi'],
    ]);
  });

  it.each([
    [{ subtype: 'bot_message', bot_id: 'B1', username: 'alertmanager', text: 'x', ts: '1.0' }, 'alertmanager'],
    [{ bot_id: 'B1', bot_profile: { name: 'ArgoCD' }, text: 'x', ts: '1.0' }, 'ArgoCD'],
    [{ user: 'U04', text: 'deployed', ts: '1.0' }, 'deploybot'],
    [{ subtype: 'bot_message', bot_id: 'B7', text: 'x', ts: '1.0' }, 'B7'],
  ])('recognises bots and names them: %j', (message, name) => {
    const [m] = parse([message]);
    expect(m).toMatchObject({ isBot: true, userName: name });
  });

  it('folds attachments into empty or short text, skipping what the text already says', () => {
    const [empty, short, long] = parse([
      { subtype: 'bot_message', bot_id: 'B1', text: '', ts: '1.0', attachments: [{ title: '[FIRING:1] HighErrorRate', text: 'ratio 12% &gt; 5%', fallback: 'fb', fields: [{ title: 'severity', value: 'critical' }, { title: 'runbook', value: '<https://r.example|runbook>' }] }] },
      { subtype: 'bot_message', bot_id: 'B1', text: '[FIRING:1] HighErrorRate', ts: '2.0', attachments: [{ title: '[FIRING:1] HighErrorRate', text: 'details' }, { fallback: 'only a fallback' }] },
      { subtype: 'bot_message', bot_id: 'B1', text: 'A long enough message that needs no attachment text at all', ts: '3.0', attachments: [{ text: 'ignored' }] },
    ]);
    expect(empty!.text).toBe('[FIRING:1] HighErrorRate\nratio 12% > 5%\nseverity: critical\nrunbook: runbook');
    expect(short!.text).toBe('[FIRING:1] HighErrorRate\ndetails\nonly a fallback');
    expect(long!.text).toBe('A long enough message that needs no attachment text at all');
    expect(empty!.rawText).toBe('');
  });

  it('reads Block Kit text when text is empty', () => {
    const [m] = parse([
      {
        user: 'U01', text: '', ts: '1.0',
        blocks: [{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'ping ' }, { type: 'user', user_id: 'U02' }, { type: 'text', text: ' see ' }, { type: 'link', url: 'https://x', text: 'doc' }] }] }],
      },
    ]);
    expect(m!.text).toBe('ping @Bob Ray see doc');
  });

  it('keeps equal timestamps in file order (stable sort)', () => {
    const messages = parse([
      { user: 'U01', text: 'first', ts: '5.000001' },
      { user: 'U01', text: 'second', ts: '5.000001' },
    ]);
    expect(messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it.each([
    [[{ text: 'no ts' }], '[0].ts', 'a string'],
    [[{ ts: 'yesterday' }], '[0].ts', 'a Slack ts ("1772636531.000200")'],
    [{ messages: [] }, '(root)', 'an array'],
    [[{ ts: '1.0', reactions: [{ count: 1 }] }], '[0].reactions[0].name', 'a string'],
  ])('throws a BundleError for %j', (json, field, expected) => {
    try {
      parseSlackMessages(JSON.stringify(json), 'slack/inc-x/2026-03-04.json', context);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BundleError);
      expect((error as BundleError).file).toBe('slack/inc-x/2026-03-04.json');
      expect((error as BundleError).field).toBe(field);
      expect((error as BundleError).expected).toBe(expected);
    }
  });

  it('accepts an empty array', () => {
    expect(parse([])).toEqual([]);
  });
});
