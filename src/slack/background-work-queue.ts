import type { AckFirstGate } from './ack-first-gate.ts';

/** A task run after Slack has been acknowledged. */
export type BackgroundTask = () => Promise<void>;

/**
 * Runs work off the request path with at most `concurrency` tasks at once, so a burst of mentions
 * neither delays acks nor starves the process. A failing task is reported to `onError` and never
 * rejects into the caller (one bad request must not take the server down).
 */
export class BackgroundWorkQueue {
  private running = 0;
  private readonly waiting: BackgroundTask[] = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (error: unknown) => void,
    /** When given, a task starts only on its turn (after the pending acks); else on the next `setImmediate`. */
    private readonly gate?: AckFirstGate,
  ) {}

  enqueue(task: BackgroundTask): void {
    this.waiting.push(task);
    this.pump();
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  /** Resolves once nothing is queued or running (tests, graceful shutdown). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const task = this.waiting.shift();
      if (!task) break;
      this.running++;
      // The ack goes out before any task starts.
      if (this.gate) void this.gate.turn().then(() => this.run(task));
      else
        setImmediate(() => {
          void this.run(task);
        });
    }
  }

  private async run(task: BackgroundTask): Promise<void> {
    try {
      await task();
    } catch (error) {
      try {
        this.onError(error);
      } catch {
        // the error reporter itself failed; nothing more to do
      }
    } finally {
      this.running--;
      this.pump();
      if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
