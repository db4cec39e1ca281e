import { LruCache } from './lru-cache.ts';

/**
 * Remembers Slack event ids for `ttlMs` so that a re-delivery (Slack retries when it did not see the ack in
 * time, with `x-slack-retry-num`) is processed once. In memory, bounded to `maxEntries` (oldest evicted).
 */
export class EventDeduplicator {
  private readonly seenAtMs: LruCache<number>;
  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.seenAtMs = new LruCache(maxEntries);
  }

  /** True the first time an id is seen within the TTL, false for a duplicate. */
  firstDelivery(eventId: string): boolean {
    const nowMs = this.now();
    const seen = this.seenAtMs.get(eventId);
    if (seen !== undefined && nowMs - seen < this.ttlMs) return false;
    this.seenAtMs.set(eventId, nowMs);
    return true;
  }
}
