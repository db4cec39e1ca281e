/** One log line from a Loki stream. Plain interface: logs can be tens of thousands of lines. */
export interface LogEntry {
  timeMs: number;
  /** `service` stream label (or `app`/`job`/`service_name`); 'unknown' if none. */
  service: string;
  /** `level` stream label, lower-cased, or detected from the line (`error`, `warn`, `info`, …). */
  level: string;
  line: string;
  labels: Readonly<Record<string, string>>;
  /** `logs/<file>.json#<stream index>:<value index>` */
  ref: string;
}
