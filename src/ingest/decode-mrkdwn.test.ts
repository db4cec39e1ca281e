import { describe, expect, it } from 'vitest';
import { decodeMrkdwn } from './decode-mrkdwn.ts';

const users: Record<string, string> = { U123: 'alice', U9: 'Bob Ray' };
const channels: Record<string, string> = { C1: 'inc-payments' };
const decode = (text: string) => decodeMrkdwn(text, (id) => users[id], (id) => channels[id]);

describe('decodeMrkdwn', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['<@U123> look', '@alice look'],
    ['<@U9>', '@Bob Ray'],
    ['<@U404> unknown user', '@U404 unknown user'],
    ['<@U123|carol>', '@carol'],
    ['<#C1|inc-x>', '#inc-x'],
    ['<#C1>', '#inc-payments'],
    ['<#C404>', '#C404'],
    ['<!here> and <!channel> and <!everyone>', '@here and @channel and @everyone'],
    ['<!subteam^S1|@sre> please', '@sre please'],
    ['<!subteam^S1>', '@S1'],
    ['<!date^1772636531^{date_short}|Mar 4th>', 'Mar 4th'],
    ['see <https://x.example/a?b=1&amp;c=2|the dashboard>', 'see the dashboard'],
    ['<https://x.example>', 'https://x.example'],
    ['<mailto:a@b.example|a@b.example>', 'a@b.example'],
    ['a &amp; b &lt; c &gt; d', 'a & b < c > d'],
    ['&amp;lt; stays literal', '&lt; stays literal'],
    ['error ratio 12% &gt; 5% (<@U123>)', 'error ratio 12% > 5% (@alice)'],
    ['*bold* _it_ `code`', '*bold* _it_ `code`'],
  ])('%j → %j', (input, expected) => {
    expect(decode(input)).toBe(expected);
  });

  it('falls back to raw ids without lookups', () => {
    expect(decodeMrkdwn('<@U123> in <#C1>')).toBe('@U123 in #C1');
  });
});
