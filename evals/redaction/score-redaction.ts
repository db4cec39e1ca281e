import { createRedactor } from '../../src/redact/redactor.ts';
import type { LookalikeCase, SecretCase } from './corpus-case.ts';

/** Length of the fragments checked for a partial leak: a secret half-redacted still counts as leaked. */
const LEAK_WINDOW = 12;

/** Per-kind tallies: `failed` = secrets not fully removed, or look-alikes altered. */
export interface KindScore {
  readonly kind: string;
  readonly total: number;
  readonly failed: number;
  readonly failedIds: string[];
}

export interface RedactionScore {
  readonly recall: { total: number; removed: number; byKind: KindScore[] };
  readonly falsePositives: { total: number; altered: number; byKind: KindScore[] };
}

/** True when `output` still contains the secret, or any `LEAK_WINDOW`-character fragment of it. */
export function leaks(secret: string, output: string): boolean {
  if (output.includes(secret)) return true;
  for (let i = 0; i + LEAK_WINDOW <= secret.length; i++) if (output.includes(secret.slice(i, i + LEAK_WINDOW))) return true;
  return false;
}

/** Redacts every case with a fresh redactor (one incident each) and tallies recall and false positives. */
export function scoreRedaction(secrets: readonly SecretCase[], lookalikes: readonly LookalikeCase[]): RedactionScore {
  const recall = tally(secrets, (c) => leaks(c.secret, createRedactor().redact(c.text)));
  const fp = tally(lookalikes, (c) => createRedactor().redact(c.text) !== c.text);
  const failures = (kinds: KindScore[]) => kinds.reduce((n, k) => n + k.failed, 0);
  return {
    recall: { total: secrets.length, removed: secrets.length - failures(recall), byKind: recall },
    falsePositives: { total: lookalikes.length, altered: failures(fp), byKind: fp },
  };
}

function tally<C extends { id: string; kind: string }>(cases: readonly C[], fails: (c: C) => boolean): KindScore[] {
  const byKind = new Map<string, { kind: string; total: number; failed: number; failedIds: string[] }>();
  for (const c of cases) {
    const k = byKind.get(c.kind) ?? { kind: c.kind, total: 0, failed: 0, failedIds: [] };
    k.total += 1;
    if (fails(c)) {
      k.failed += 1;
      k.failedIds.push(c.id);
    }
    byKind.set(c.kind, k);
  }
  return [...byKind.values()];
}
