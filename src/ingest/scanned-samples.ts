/**
 * The samples of one Prometheus series as read straight from the response text: exact-size parallel
 * time (ms) / value arrays of the accepted samples, in file order, plus what was dropped (NaN/Inf/unparsable
 * values) and skipped (structurally wrong samples). Built by a SampleCollector.
 */
export class ScannedSamples {
  constructor(
    readonly timesMs: Float64Array,
    readonly values: Float64Array,
    /** Samples whose value was NaN, ±Inf or not a number. */
    readonly dropped: number,
    /** Samples that were not `[<number>, <value>]`. */
    readonly malformed: number,
    /** Index (among all samples of the series) of the first malformed one, -1 if none. */
    readonly firstMalformedIndex: number,
    readonly firstMalformed: unknown,
    /** False when some sample's time was earlier than the one before. */
    readonly sorted: boolean,
    /** True when two consecutive accepted samples share a time. */
    readonly hasDuplicates: boolean,
  ) {}

  get count(): number {
    return this.timesMs.length;
  }
}

/**
 * Accumulates one series at a time into scratch buffers reused across series (they grow to the longest
 * series once), then copies out exact-size arrays: one allocation per series, none per sample.
 * A series sampled at the same times as a run of the series before it (in this file or the one before)
 * shares that array: the series of a query_range response are on one grid of timestamps, and fresh memory
 * is what a large bundle costs.
 */
export class SampleCollector {
  private previousTimes = new Float64Array(0);
  private times = new Float64Array(4096);
  private vals = new Float64Array(4096);
  private count = 0;
  private seen = 0;
  private dropped = 0;
  private malformed = 0;
  private firstMalformedIndex = -1;
  private firstMalformed: unknown = undefined;
  private sorted = true;
  private hasDuplicates = false;
  private lastTimeMs = Number.NEGATIVE_INFINITY;

  /** Starts a new series. */
  reset(): void {
    this.count = 0;
    this.seen = 0;
    this.dropped = 0;
    this.malformed = 0;
    this.firstMalformedIndex = -1;
    this.firstMalformed = undefined;
    this.sorted = true;
    this.hasDuplicates = false;
    this.lastTimeMs = Number.NEGATIVE_INFINITY;
  }

  /** Adds one well-formed sample: `timeSeconds` a finite number, `value` the parsed value (NaN if unparsable). */
  push(timeSeconds: number, value: number): void {
    this.seen++;
    if (!Number.isFinite(value)) {
      this.dropped++;
      return;
    }
    const t = timeSeconds * 1000;
    if (t < this.lastTimeMs) this.sorted = false;
    else if (t === this.lastTimeMs) this.hasDuplicates = true;
    this.lastTimeMs = t;
    if (this.count === this.times.length) this.grow();
    this.times[this.count] = t;
    this.vals[this.count] = value;
    this.count++;
  }

  /** Classifies one sample given as a parsed JSON value (the slow path for anything unusual). */
  pushParsed(sample: unknown): void {
    if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[0] !== 'number' || !Number.isFinite(sample[0])) {
      if (this.malformed++ === 0) {
        this.firstMalformedIndex = this.seen;
        this.firstMalformed = sample;
      }
      this.seen++;
      return;
    }
    const raw: unknown = sample[1];
    this.push(sample[0], typeof raw === 'string' ? parseSampleValue(raw) : typeof raw === 'number' ? raw : Number.NaN);
  }

  /** The series collected since the last reset. */
  finish(): ScannedSamples {
    return new ScannedSamples(
      this.timesArray(),
      this.vals.slice(0, this.count),
      this.dropped,
      this.malformed,
      this.firstMalformedIndex,
      this.firstMalformed,
      this.sorted,
      this.hasDuplicates,
    );
  }

  /** This series' times: a view of the previous series' times when they are a run of them, else a copy. */
  private timesArray(): Float64Array {
    const previous = this.previousTimes;
    const count = this.count;
    if (count === 0) return previous.subarray(0, 0);
    const start = lowerBound(previous, this.times[0] as number);
    if (start + count <= previous.length) {
      let same = true;
      for (let i = 0; same && i < count; i++) same = previous[start + i] === this.times[i];
      if (same) return previous.subarray(start, start + count);
    }
    this.previousTimes = this.times.slice(0, count);
    return this.previousTimes;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const values = new Float64Array(this.vals.length * 2);
    times.set(this.times);
    values.set(this.vals);
    this.times = times;
    this.vals = values;
  }
}

/** The first index of sorted `array` whose value is ≥ `value`. */
function lowerBound(array: Float64Array, value: number): number {
  let low = 0;
  let high = array.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((array[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A Prometheus sample value string → number: `"NaN"`, `"+Inf"`, `""` and garbage give NaN or ±Infinity (dropped later). */
export function parseSampleValue(text: string): number {
  return text === '' ? Number.NaN : Number(text);
}
