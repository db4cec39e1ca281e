/**
 * Keeps work after the ack from delaying the next acks: a burst of Slack requests is acknowledged
 * first, and follow-up work (posting "looking…", analyses, replies) starts once no request has
 * arrived for `quietMs`, or after waiting `maxDelayMs` under sustained load, and then one waiter per
 * event-loop turn, so a request that arrives meanwhile is acked between two pieces of work.
 */
export class AckFirstGate {
  private lastRequestAtMs = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<{ sinceMs: number; resolve: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly quietMs = 25,
    private readonly maxDelayMs = 500,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A Slack request has arrived (call as early as possible: on the HTTP server's `request`). */
  noteRequest(): void {
    this.lastRequestAtMs = this.now();
  }

  /** Resolves when it is this caller's turn to run work (see the class). */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ sinceMs: this.now(), resolve });
      this.schedule();
    });
  }

  /** Waiters not yet released. */
  get size(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.timer || this.draining || this.waiting.length === 0) return;
    const nowMs = this.now();
    const waitMs = Math.min(this.lastRequestAtMs + this.quietMs - nowMs, this.waiting[0]!.sinceMs + this.maxDelayMs - nowMs);
    if (waitMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, Math.ceil(waitMs));
      return;
    }
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      this.waiting.shift()?.resolve();
      this.schedule();
    });
  }
}
