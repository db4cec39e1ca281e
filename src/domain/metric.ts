/**
 * One Prometheus series. Samples are parallel arrays sorted by time; a sample that was `NaN`,
 * `±Inf` or not a number is dropped (and counted), so `values` are always finite. Gaps are simply
 * missing timestamps.
 *
 * Plain interface rather than a zod schema: series are validated by a hand-written loop in
 * ingest (millions of samples), and typed arrays keep a large incident small in memory.
 */
export interface MetricSeries {
  /** `__name__` */
  name: string;
  /** `service` label, or inferred from `job`/`app`/`service_name`/`instance`; 'unknown' if none. */
  service: string;
  labels: Readonly<Record<string, string>>;
  /** Never written to: series of one file that were sampled at the same times share one array. */
  timesMs: Float64Array;
  values: Float64Array;
  /** Samples that were NaN/Inf/unparsable and were dropped. */
  droppedSamples: number;
  /** `metrics/<file>.json#<result index>` */
  ref: string;
}
