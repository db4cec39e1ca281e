import { BundleError, type Topology } from '../../src/domain/index.ts';
import { splitCsvLine } from './convert-metrics-csv.ts';

/**
 * Turns a PetShop `graph.csv` (square adjacency matrix, first column = row node; a non-zero cell
 * (row, col) means the row node calls the col node) into `topology.json`. Every node of the
 * header becomes a service, in header order; nothing is marked external.
 *
 * @throws BundleError when the matrix is not square or a cell is not a number
 */
export function convertGraphCsv(text: string, file = 'graph.csv'): Topology {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0).map(splitCsvLine);
  const [header, ...rows] = lines;
  if (!header) throw new BundleError(file, 'line 1', 'a header row', 'an empty file');
  const nodes = header.slice(1);
  const dependsOn = new Map<string, string[]>(nodes.map((node) => [node, []]));
  rows.forEach((cells, r) => {
    const [from, ...weights] = cells;
    if (from === undefined || !dependsOn.has(from)) throw new BundleError(file, `line ${r + 2}`, 'a node named in the header', from);
    if (weights.length !== nodes.length) throw new BundleError(file, `line ${r + 2}`, `${nodes.length} weights`, weights.length);
    weights.forEach((cell, c) => {
      const weight = Number(cell);
      if (cell === '' || !Number.isFinite(weight)) throw new BundleError(file, `line ${r + 2} column ${c + 2}`, 'a number', cell);
      if (weight !== 0) dependsOn.get(from)?.push(nodes[c] ?? '');
    });
  });
  return { services: nodes.map((name) => ({ name, dependsOn: dependsOn.get(name) ?? [] })) };
}
