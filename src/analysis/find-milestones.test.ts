import { describe, expect, it } from 'vitest';
import { classifyChat } from './classify-chat.ts';
import { findMilestones, type MilestoneInputs } from './find-milestones.ts';
import type { IncidentFrame } from './incident-frame.ts';
import { buildChat, MIN, T0 } from './testing/build-bundle.ts';

const frame: IncidentFrame = {
  openedMs: T0 + 10 * MIN,
  resolvedMs: undefined,
  dataStartMs: T0 - 120 * MIN,
  dataEndMs: T0 + 120 * MIN,
  firstPageMs: T0 + 5 * MIN,
  baselineEndMs: T0 - 30 * MIN,
  windowStartMs: T0 - 60 * MIN,
  windowEndMs: T0 + 120 * MIN,
  stepMs: MIN,
};

function pinned(text: string, timeMs: number, reaction = 'pushpin') {
  return { ...buildChat('alice', text, timeMs), reactions: [{ name: reaction, count: 1, users: ['U1'] }] };
}

function inputs(chat: ReturnType<typeof buildChat>[], recoveriesMs: number[] = []): MilestoneInputs {
  return {
    frame,
    incidentOnsetsMs: [T0],
    errorLogOnsetsMs: [],
    recoveriesMs,
    incidentAlerts: [],
    chat: chat.map((m) => classifyChat(m, new Set(['checkout']))),
    mitigationChangesMs: [],
  };
}

describe('findMilestones with human-marked key events', () => {
  it('takes a pinned mitigation statement over the metric recovery', () => {
    const chat = [buildChat('bob', 'errors are dropping', T0 + 30 * MIN), pinned('rollback is done, error rate back to normal', T0 + 40 * MIN)];
    expect(findMilestones(inputs(chat, [T0 + 25 * MIN])).mitigatedMs).toBe(T0 + 40 * MIN);
  });

  it('uses the metric recovery when no message is pinned', () => {
    const chat = [buildChat('bob', 'rollback is done, error rate back to normal', T0 + 40 * MIN)];
    expect(findMilestones(inputs(chat, [T0 + 25 * MIN])).mitigatedMs).toBe(T0 + 25 * MIN);
  });

  it('takes a pinned resolution over an earlier unpinned one, and ignores other reactions', () => {
    const chat = [buildChat('bob', 'resolved I think', T0 + 50 * MIN), pinned('all clear, marking resolved', T0 + 70 * MIN), pinned('resolved for real', T0 + 60 * MIN, 'eyes')];
    expect(findMilestones(inputs(chat)).resolvedMs).toBe(T0 + 70 * MIN);
  });
});
