import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LookalikeCaseSchema, SecretCaseSchema, type LookalikeCase, type SecretCase } from './corpus-case.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The committed corpus: evals/redaction/secrets.jsonl and lookalikes.jsonl, each line zod-validated. */
export function loadCorpus(): { secrets: SecretCase[]; lookalikes: LookalikeCase[] } {
  return {
    secrets: readJsonl(`${HERE}secrets.jsonl`).map((row) => SecretCaseSchema.parse(row)),
    lookalikes: readJsonl(`${HERE}lookalikes.jsonl`).map((row) => LookalikeCaseSchema.parse(row)),
  };
}

function readJsonl(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
