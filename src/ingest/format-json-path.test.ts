import { describe, expect, it } from 'vitest';
import { formatJsonPath } from './format-json-path.ts';

describe('formatJsonPath', () => {
  it.each([
    [[], '(root)'],
    [['id'], 'id'],
    [['data', 'result', 3, 'values', 17], 'data.result[3].values[17]'],
    [[0, 'ts'], '[0].ts'],
    [['labels', 'app.kubernetes.io/name'], 'labels["app.kubernetes.io/name"]'],
  ] as const)('%j → %s', (path, expected) => {
    expect(formatJsonPath(path)).toBe(expected);
  });
});
