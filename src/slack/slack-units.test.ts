import { describe, expect, it } from 'vitest';
import { EventDeduplicator } from './event-deduplicator.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { incidentFromChannel } from './incident-from-channel.ts';
import { isSummaryRequest } from './answer-offline.ts';
import { questionFromMention } from './mention-work.ts';
import { redactBlocks } from './redact-blocks.ts';
import { maskSecrets } from '../report/mask-secrets.ts';
import { BackgroundWorkQueue } from './background-work-queue.ts';

describe('EventDeduplicator', () => {
  it('accepts an id once within the TTL, again after it', () => {
    let now = 0;
    const d = new EventDeduplicator(1000, 10, () => now);
    expect(d.firstDelivery('Ev1')).toBe(true);
    expect(d.firstDelivery('Ev1')).toBe(false);
    now = 1500;
    expect(d.firstDelivery('Ev1')).toBe(true);
  });
  it('stays bounded, evicting the oldest', () => {
    const d = new EventDeduplicator(60_000, 2, () => 0);
    d.firstDelivery('a');
    d.firstDelivery('b');
    d.firstDelivery('c');
    expect(d.firstDelivery('a')).toBe(true);
    expect(d.firstDelivery('c')).toBe(false);
  });
});

describe('MetricsRegistry', () => {
  it('renders counters with labels and cumulative histogram buckets', () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'X.');
    const h = r.histogram('y_seconds', 'Y.', [0.1, 1]);
    c.inc({ kind: 'event' });
    c.inc({ kind: 'event' }, 2);
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    const text = r.render();
    expect(text).toContain('# TYPE x_total counter\nx_total{kind="event"} 3');
    expect(text).toContain('y_seconds_bucket{le="0.1"} 1\ny_seconds_bucket{le="1"} 2\ny_seconds_bucket{le="+Inf"} 3\ny_seconds_sum 5.55\ny_seconds_count 3');
  });
  it('escapes label values', () => {
    const r = new MetricsRegistry();
    r.counter('z_total', 'Z.').inc({ route: 'a"b\\c' });
    expect(r.render()).toContain('z_total{route="a\\"b\\\\c"} 1');
  });
});

describe('incidentFromChannel', () => {
  it.each([
    [{ id: 'C1', name: 'inc-20260304-payment', topic: 'sev1: Checkout failing', purpose: 'Incident INC-2041', createdMs: 1772637053000 }, ['x'], { id: 'INC-2041', severity: 'sev1', title: 'Checkout failing', openedAt: '2026-03-04T15:10:53.000Z' }],
    [{ id: 'C2', name: 'incident-db' }, [':rotating_light: declared (SEV2)'], { id: 'incident-db', severity: 'sev2', title: '#incident-db' }],
    [{ id: 'C3', name: 'war-room' }, ['hello'], { id: 'war-room', severity: 'sev3' }],
  ] as const)('%o', (channel, texts, expected) => {
    expect(incidentFromChannel(channel, texts, 1772637000000, 'sev3')).toMatchObject(expected);
  });
});

describe('questions', () => {
  it.each([
    ['', true],
    ["what's going on?", true],
    ['status', true],
    ['Summarize please', true],
    ['why is checkout failing?', false],
    ['what changed in payments?', false],
  ])('isSummaryRequest(%j) = %s', (q, expected) => expect(isSummaryRequest(q)).toBe(expected));

  it('strips bot mentions from the question', () => {
    expect(questionFromMention('<@U0BOT> why is <@U0BOT|opsight> slow?')).toBe('why is slow?');
  });
});

describe('redactBlocks', () => {
  it('masks every text field and leaves ids and values alone', () => {
    const blocks = [{ type: 'section', block_id: 'sk_live_abcdefghij0123456789', text: { type: 'mrkdwn', text: 'key sk_live_abcdefghij0123456789' }, fields: [{ type: 'mrkdwn', text: 'xoxb-1234567890-abcdef' }] }];
    const out = JSON.stringify(redactBlocks(blocks, maskSecrets));
    expect(out).toContain('"block_id":"sk_live_abcdefghij0123456789"');
    expect(out).toContain('key [STRIPE-KEY]');
    expect(out).toContain('[SLACK-TOKEN]');
  });
});

describe('BackgroundWorkQueue', () => {
  it('runs at most `concurrency` tasks at once and survives a failing task', async () => {
    const errors: unknown[] = [];
    const q = new BackgroundWorkQueue(2, (e) => errors.push(e));
    let running = 0;
    let peak = 0;
    const task = async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    for (let i = 0; i < 6; i++) q.enqueue(task);
    q.enqueue(async () => {
      throw new Error('bad');
    });
    await q.idle();
    expect(peak).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
