/** One change event: the CloudEvent as stored, with the fields the tool filters on. */
export interface StoredChange {
  timeMs: number;
  service: string;
  type: string;
  event: Record<string, unknown>;
}

/** What a changes backend holds at one moment, sorted by time; `problems` are unreadable lines. */
export interface ChangeSnapshot {
  changes: StoredChange[];
  problems: string[];
}

/** Where the changes tool reads from: a bundle's `changes.jsonl` or the webhook receiver's store. */
export interface ChangesBackend {
  readonly description: string;
  snapshot(): Promise<ChangeSnapshot>;
}
