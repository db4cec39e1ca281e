import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../domain/index.ts';
import { buildTimeline, type TimelineInputs } from './build-timeline.ts';
import type { ClassifiedChat } from './classify-chat.ts';

const HOUR = 3_600_000;
const WINDOW_START = Date.UTC(2026, 2, 4, 14, 0, 0);
const WINDOW_END = WINDOW_START + 2 * HOUR;

function said(channel: string, timeMs: number, text: string, role: ClassifiedChat['role'] = 'other'): ClassifiedChat {
  const ts = (timeMs / 1000).toFixed(6);
  const message: ChatMessage = { id: `${channel}/${ts}`, channel, ts, timeMs, userName: 'ana', isBot: false, text, rawText: text, reactions: [] };
  return { message, role, services: [], negated: false };
}

function timelineOf(chat: ClassifiedChat[], incidentChannel?: string) {
  const input: TimelineInputs = {
    alerts: [], changes: [], anomalies: [], logPatterns: [], chat, milestones: {},
    windowStartMs: WINDOW_START, windowEndMs: WINDOW_END, ...(incidentChannel ? { incidentChannel } : {}),
  };
  return buildTimeline(input).map((e) => e.text);
}

describe('buildTimeline chat', () => {
  const chat = [
    said('team-payments', WINDOW_START - 20 * HOUR, 'lunch?'),
    said('inc-payments', WINDOW_START - HOUR, 'payments deploy going out now'),
    said('team-payments', WINDOW_START + 10 * 60_000, 'is checkout slow for anyone else?'),
    said('inc-payments', WINDOW_START + 20 * 60_000, '+1', 'filler'),
    said('inc-payments', WINDOW_END + HOUR, 'postmortem on Thursday'),
    said('team-payments', WINDOW_END + HOUR, 'standup moved'),
  ];

  it("keeps every message of the incident's channel and other channels' chat only inside the window", () => {
    expect(timelineOf(chat, 'inc-payments')).toEqual([
      'ana: payments deploy going out now',
      'ana: is checkout slow for anyone else?',
      'ana: +1',
      'ana: postmortem on Thursday',
    ]);
  });

  it('keeps only chat inside the window when the incident names no channel', () => {
    expect(timelineOf(chat)).toEqual(['ana: is checkout slow for anyone else?', 'ana: +1']);
  });

  it('marks filler as minor instead of dropping it', () => {
    const events = buildTimeline({ alerts: [], changes: [], anomalies: [], logPatterns: [], chat, milestones: {}, windowStartMs: WINDOW_START, windowEndMs: WINDOW_END });
    expect(events.find((e) => e.text === 'ana: +1')).toMatchObject({ kind: 'chat', minor: true });
  });
});
