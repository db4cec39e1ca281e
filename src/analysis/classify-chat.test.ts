import { describe, expect, it } from 'vitest';
import { classifyChat, mentionedServices } from './classify-chat.ts';
import { T0, buildChat } from './testing/build-bundle.ts';

const services = new Set(['payments', 'search', 'checkout', 'auth-api']);

describe('classifyChat', () => {
  it.each([
    ['+1', 'filler'],
    ['brb', 'filler'],
    ['joining late', 'filler'],
    ['any update?', 'filler'],
    ["it's the search deploy", 'claim'],
    ['search looks fine, not it', 'claim'],
    ['rolling back payments to v2.4.0', 'action'],
    ['rolled back, error rates recovering', 'mitigation'],
    ['all clear, closing the incident', 'resolution'],
    ['customers are seeing 502s on checkout', 'report'],
    ['who is the incident commander?', 'question'],
  ])('%j is %s', (text, role) => {
    expect(classifyChat(buildChat('dana', text, T0), services).role).toBe(role);
  });

  it('marks a claim that rules a service out as negated', () => {
    expect(classifyChat(buildChat('dana', 'search looks fine, not it', T0), services).negated).toBe(true);
  });

  it('treats bot messages as bot chatter', () => {
    expect(classifyChat(buildChat('alertbot', 'FIRING: HighErrors', T0, true), services).role).toBe('bot');
  });
});

describe('mentionedServices', () => {
  it.each([
    ['the payments deploy', ['payments']],
    ['#search and Checkout', ['search', 'checkout']],
    ['payments-worker is down', ['payments']],
    ['auth-api 401s', ['auth-api']],
    ['researching the paymentsdb', []],
  ])('%j mentions %j', (text, expected) => {
    expect(mentionedServices(text, services).sort()).toEqual([...expected].sort());
  });
});
