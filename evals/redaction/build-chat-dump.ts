import type { LookalikeCase, SecretCase } from './corpus-case.ts';

const FILLER = [
  'checking the dashboards now, p99 is still elevated on checkout',
  'rolled back to the previous revision, watching error rate',
  'who owns the payments-db connection pool settings?',
  'alert HighErrorRate firing for service=orders severity=page',
  'level=info msg="request completed" status=200 duration_ms=41 path=/api/v1/orders',
  'I think it is the config change from 14:02, the timeout went from 30s to 3s',
  'ack, paging the DBA',
  'error rate back under 1%, keeping the incident open for 30 more minutes',
];

/**
 * A chat dump of about `bytes` characters: timestamped lines cycling through filler, every look-alike and
 * every corpus secret, so the timing covers both the common case and the detectors that fire.
 */
export function buildChatDump(secrets: readonly SecretCase[], lookalikes: readonly LookalikeCase[], bytes: number): string {
  const sources = [...FILLER, ...lookalikes.map((c) => c.text), ...secrets.map((c) => c.text)];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const second = String(i % 60).padStart(2, '0');
    // Two filler lines for each corpus line, as in a real channel.
    const text = i % 3 === 2 ? sources[(i * 7) % sources.length] : FILLER[i % FILLER.length];
    const line = `[14:${minute}:${second}] <user${i % 17}> ${text ?? ''}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}
