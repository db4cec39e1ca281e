import { describe, expect, it } from 'vitest';
import { AckFirstGate } from './ack-first-gate.ts';
import { BackgroundWorkQueue } from './background-work-queue.ts';

describe('AckFirstGate', () => {
  it('holds work while requests keep arriving and releases it once they stop', async () => {
    let nowMs = 1000;
    const gate = new AckFirstGate(20, 10_000, () => nowMs);
    gate.noteRequest();
    let released = false;
    void gate.turn().then(() => {
      released = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(released).toBe(false); // the clock has not moved: a request "just" arrived
    nowMs += 25;
    await new Promise((r) => setTimeout(r, 30));
    expect(released).toBe(true);
  });

  it('under sustained requests still releases work after maxDelayMs', async () => {
    let nowMs = 0;
    const gate = new AckFirstGate(20, 100, () => nowMs);
    let released = false;
    void gate.turn().then(() => {
      released = true;
    });
    for (let i = 0; i < 4; i++) {
      nowMs += 30;
      gate.noteRequest();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(released).toBe(true);
  });

  it('releases one waiter per event-loop turn, in order', async () => {
    const gate = new AckFirstGate(0, 0);
    const order: string[] = [];
    const turns = ['a', 'b', 'c'].map((name) => gate.turn().then(() => order.push(name)));
    setImmediate(() => order.push('io'));
    await Promise.all(turns);
    expect(order).toEqual(['a', 'io', 'b', 'c']);
    expect(gate.size).toBe(0);
  });

  it('gates the work queue: no task starts until the gate opens', async () => {
    let nowMs = 0;
    const gate = new AckFirstGate(50, 10_000, () => nowMs);
    gate.noteRequest();
    const q = new BackgroundWorkQueue(4, () => {}, gate);
    let ran = 0;
    for (let i = 0; i < 3; i++) q.enqueue(async () => void ran++);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(0);
    expect(q.size).toBe(3);
    nowMs = 100;
    await new Promise((r) => setTimeout(r, 60));
    await q.idle();
    expect(ran).toBe(3);
  });
});
