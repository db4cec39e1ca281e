/** Label values of one series, e.g. `{ kind: 'event' }`. */
export type Labels = Record<string, string>;

interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  render(): string[];
}

const DEFAULT_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (!pairs.length) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${pairs.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** A monotonically increasing count per label set. */
export class Counter implements Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  /** Current value (0 when never incremented), for tests and logs. */
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }

  render(): string[] {
    return [...this.values.values()].map((e) => `${this.name}${labelText(e.labels)} ${e.value}`);
  }
}

/** Cumulative buckets, sum and count per label set (Prometheus histogram). */
export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly bucketsUpper: readonly number[] = DEFAULT_BUCKETS_SECONDS) {}

  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels);
    const entry = this.series.get(key) ?? { labels, buckets: this.bucketsUpper.map(() => 0), sum: 0, count: 0 };
    this.bucketsUpper.forEach((upper, i) => {
      if (value <= upper) entry.buckets[i] = (entry.buckets[i] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count += 1;
    this.series.set(key, entry);
  }

  render(): string[] {
    const lines: string[] = [];
    for (const e of this.series.values()) {
      this.bucketsUpper.forEach((upper, i) => lines.push(`${this.name}_bucket${labelText(e.labels, ['le', String(upper)])} ${e.buckets[i] ?? 0}`));
      lines.push(`${this.name}_bucket${labelText(e.labels, ['le', '+Inf'])} ${e.count}`);
      lines.push(`${this.name}_sum${labelText(e.labels)} ${e.sum}`);
      lines.push(`${this.name}_count${labelText(e.labels)} ${e.count}`);
    }
    return lines;
  }
}

/** A small hand-written Prometheus registry: counters and histograms rendered in text format 0.0.4. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  histogram(name: string, help: string, buckets?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }

  /** The exposition text served at `GET /metrics`. */
  render(): string {
    const out: string[] = [];
    for (const m of this.metrics) out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.render());
    return `${out.join('\n')}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.push(metric);
    return metric;
  }
}
