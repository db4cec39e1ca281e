/**
 * Redaction eval: recall on the secret corpus (a secret counts as removed only when no 12-character
 * fragment of it survives), false-positive rate on the look-alike corpus (any change counts), per kind,
 * and the time to redact a 1 MB chat dump. Writes the figures into the `redaction` section of
 * evals/RESULTS.md. Run: npm run eval:redaction  (or node bin/run.js evals/redaction/run-redaction.ts)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRedactor } from '../../src/redact/redactor.ts';
import { gitRevision } from '../lib/git-revision.ts';
import { replaceMarkedSection } from '../lib/replace-marked-section.ts';
import { buildChatDump } from './build-chat-dump.ts';
import { loadCorpus } from './load-corpus.ts';
import { scoreRedaction, type KindScore } from './score-redaction.ts';

const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const DUMP_BYTES = 1_000_000;
const TIMING_RUNS = 5;

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

const { secrets, lookalikes } = loadCorpus();
const score = scoreRedaction(secrets, lookalikes);

const dump = buildChatDump(secrets, lookalikes, DUMP_BYTES);
const timings: number[] = [];
let dumpOutput = '';
for (let i = 0; i < TIMING_RUNS; i++) {
  const t0 = performance.now();
  dumpOutput = createRedactor().redact(dump);
  timings.push(performance.now() - t0);
}
timings.sort((a, b) => a - b);
const medianMs = timings[Math.floor(timings.length / 2)] ?? 0;
const dumpLeaks = secrets.filter((c) => dumpOutput.includes(c.secret)).length;

/** 1 MB inputs built to provoke regex backtracking: long runs of token characters, repeated key names. */
const ADVERSARIAL: Record<string, string> = {
  'one 1 MB token': 'aB3'.repeat(DUMP_BYTES / 3),
  'dotted run': 'a.'.repeat(DUMP_BYTES / 2),
  'spaced digits': '4 '.repeat(DUMP_BYTES / 2),
  'repeated key names': 'token: '.repeat(DUMP_BYTES / 7),
  'unterminated URLs': 'x://a:'.repeat(DUMP_BYTES / 6),
  'unterminated PEM headers': '-----BEGIN PRIVATE KEY-----\n'.repeat(DUMP_BYTES / 28),
};
const adversarialMs = Object.entries(ADVERSARIAL).map(([name, text]) => {
  const t0 = performance.now();
  createRedactor().redact(text);
  return { name, ms: performance.now() - t0 };
});
const worst = adversarialMs.reduce((a, b) => (b.ms > a.ms ? b : a));

function table(rows: KindScore[], header: string, count: (k: KindScore) => number): string {
  const lines = rows.map((k) => `| ${k.kind} | ${k.total} | ${count(k)} | ${pct(count(k), k.total)} |`);
  return [`| kind | n | ${header} | rate |`, '|---|---:|---:|---:|', ...lines].join('\n');
}

const recallLine = `recall ${score.recall.removed}/${score.recall.total} (${pct(score.recall.removed, score.recall.total)})`;
const fpLine = `false positives ${score.falsePositives.altered}/${score.falsePositives.total} (${pct(score.falsePositives.altered, score.falsePositives.total)})`;
const speedLine = `1 MB chat dump (${(dump.length / 1e6).toFixed(2)} MB, corpus lines mixed with filler) redacted in ${medianMs.toFixed(0)} ms (median of ${TIMING_RUNS}), ${dumpLeaks} corpus secrets left in it`;

const section = [
  '## Redaction (secrets and personal data)',
  '',
  `Run ${new Date().toISOString().slice(0, 10)} at \`${gitRevision() ?? 'unknown'}\`, corpus \`evals/redaction/\` (${secrets.length} synthetic secrets, ${lookalikes.length} look-alikes, generated from a fixed seed by \`generate-corpus.ts\`). A secret counts as removed only when neither it nor any 12-character fragment of it is left; a look-alike counts as a false positive when the redacted text differs at all. Targets: recall 100 %, false positives ≤ 2 %.`,
  '',
  `**${recallLine}, ${fpLine}. ${speedLine}.**`,
  '',
  `Worst of ${adversarialMs.length} adversarial 1 MB inputs (${adversarialMs.map((a) => a.name).join(', ')}): ${worst.ms.toFixed(0)} ms (${worst.name}).`,
  '',
  '### Recall by kind',
  '',
  table(score.recall.byKind, 'removed', (k) => k.total - k.failed),
  '',
  '### False positives by look-alike kind',
  '',
  table(score.falsePositives.byKind, 'altered', (k) => k.failed),
].join('\n');

process.stdout.write(`${section}\n\n`);
const misses = [...score.recall.byKind, ...score.falsePositives.byKind].flatMap((k) => (k.failedIds.length ? [`${k.kind}: ${k.failedIds.join(', ')}`] : []));
if (misses.length) process.stdout.write(`failing cases (ids only):\n${misses.join('\n')}\n`);
writeFileSync(RESULTS, replaceMarkedSection(readFileSync(RESULTS, 'utf8'), 'redaction', section));
process.stdout.write(`wrote the redaction section of ${RESULTS}\n`);
