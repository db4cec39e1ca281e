/**
 * Shares one in-flight promise among concurrent callers with the same key (50 mentions in one channel
 * read its history once); the entry is dropped when the promise settles, so later calls start afresh.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
