/**
 * Formats a zod issue path (or any key list) as a JSON path: `['data', 'result', 3, 'values']` →
 * `data.result[3].values`. Keys that are not plain identifiers are quoted: `labels["app.kubernetes.io/name"]`.
 * An empty path is the document itself: `(root)`.
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(root)' : out;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
