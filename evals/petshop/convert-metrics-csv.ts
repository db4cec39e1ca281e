import { BundleError } from '../../src/domain/index.ts';

/** One column of a PetShop `metrics.csv`: the pandas 3-level header tuple. */
export interface ColumnKey {
  /** X-Ray node name, e.g. `PetSearch_AWS::ECS::Fargate`. */
  node: string;
  /** `latency` | `requests` | `availability` (kept open: other values pass through). */
  metric: string;
  /** `Average` | `Sum` | `p50` | `p90` | `p95` | `p99`. */
  statistic: string;
}

/** One column's samples, aligned with `MetricsTable.timesSec`; `NaN` marks an empty cell (no sample). */
export interface MetricsColumn {
  key: ColumnKey;
  values: Float64Array;
}

/**
 * A parsed `metrics.csv`, column-major. Columns are keyed by `columnId(key)` so two files with
 * different column sets align on the (node, metric, statistic) tuple, never on position.
 */
export interface MetricsTable {
  /** Row timestamps in unix seconds, ascending as in the file. */
  timesSec: number[];
  columns: Map<string, MetricsColumn>;
}

/** Stable identity of a column tuple (node names contain `:` and spaces, never NUL). */
export function columnId(key: ColumnKey): string {
  return `${key.node}\u0000${key.metric}\u0000${key.statistic}`;
}

const HEADER_NAMES = ['microservice', 'metric', 'statistic', 'unix_timestamp'] as const;

/**
 * Parses a PetShop `metrics.csv` (pandas 3-level header: `microservice`, `metric`, `statistic`
 * rows, then a `unix_timestamp,,,` row, then one row per 5-minute step).
 * An empty cell is no sample (`NaN` in the table); any other non-number is a format error.
 *
 * @param text the file contents
 * @param file the file name, for error messages
 * @throws BundleError when the header or a cell does not match that layout
 */
export function convertMetricsCsv(text: string, file = 'metrics.csv'): MetricsTable {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length < HEADER_NAMES.length) {
    throw new BundleError(file, 'header', `${HEADER_NAMES.length} header rows`, `${lines.length} lines`);
  }
  const header = lines.slice(0, HEADER_NAMES.length).map(splitCsvLine);
  header.forEach((cells, i) => {
    if (cells[0] !== HEADER_NAMES[i]) throw new BundleError(file, `line ${i + 1}`, `to start with "${HEADER_NAMES[i]}"`, cells[0]);
  });
  const [nodes, metrics, statistics] = header as [string[], string[], string[], string[]];
  const width = nodes.length;
  if (metrics.length !== width || statistics.length !== width) {
    throw new BundleError(file, 'header', `${width} cells in every header row`, [metrics.length, statistics.length]);
  }

  const body = lines.slice(HEADER_NAMES.length).map(splitCsvLine);
  const timesSec = body.map((cells, r) => {
    const time = Number(cells[0]);
    if (cells.length !== width) throw new BundleError(file, `line ${r + 5}`, `${width} cells`, cells.length);
    if (cells[0] === '' || !Number.isFinite(time)) throw new BundleError(file, `line ${r + 5}`, 'a unix timestamp first', cells[0]);
    return time;
  });

  const columns = new Map<string, MetricsColumn>();
  for (let c = 1; c < width; c++) {
    const key: ColumnKey = { node: nodes[c] ?? '', metric: metrics[c] ?? '', statistic: statistics[c] ?? '' };
    const id = columnId(key);
    if (columns.has(id)) throw new BundleError(file, `column ${c + 1}`, 'a unique (node, metric, statistic)', key);
    const values = new Float64Array(body.length);
    body.forEach((cells, r) => {
      const cell = cells[c] ?? '';
      const value = cell === '' ? Number.NaN : Number(cell);
      if (cell !== '' && !Number.isFinite(value)) throw new BundleError(file, `line ${r + 5} column ${c + 1}`, 'a number or empty', cell);
      values[r] = value;
    });
    columns.set(id, { key, values });
  }
  return { timesSec, columns };
}

/** Splits one CSV line (RFC 4180 quoting: `"a,b"` and `""` inside quotes). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}
