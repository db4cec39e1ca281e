/**
 * Remembers Slack event ids for `ttlMs` so that a re-delivery (Slack retries when it did not see the ack in
 * time, with `x-slack-retry-num`) is processed once. In memory, bounded to `maxEntries` (oldest evicted).
 */
export class EventDeduplicator {
  private readonly seenAtMs = new Map<string, number>();
  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen within the TTL, false for a duplicate. */
  firstDelivery(eventId: string): boolean {
    const nowMs = this.now();
    const seen = this.seenAtMs.get(eventId);
    if (seen !== undefined && nowMs - seen < this.ttlMs) return false;
    this.seenAtMs.delete(eventId);
    this.seenAtMs.set(eventId, nowMs);
    while (this.seenAtMs.size > this.maxEntries) {
      const oldest = this.seenAtMs.keys().next().value;
      if (oldest === undefined) break;
      this.seenAtMs.delete(oldest);
    }
    return true;
  }
}
