import { describe, expect, it } from 'vitest';
import { classifyCauseText } from './classify-cause-text.ts';

describe('classifyCauseText', () => {
  it.each([
    ['upstream connect error or disconnect/reset before headers. reset reason: connection termination', 'network'],
    ['upstream connect error or disconnect/reset before headers. reset reason: connection failure', 'network'],
    ['upstream connect error or disconnect/reset before headers. reset reason: overflow', 'capacity'],
    ['dial tcp 10.2.3.4:5432: connect: connection timed out', 'network'],
    ['Error: socket hang up', 'network'],
    ['getaddrinfo EAI_AGAIN payments.internal', 'network'],
    ['x509: certificate has expired or is not yet valid', 'certificate'],
    ['stripe charge failed: 401 Unauthorized', 'credential'],
    ['GET /health 200 4ms', undefined],
  ])('%s → %s', (text, kind) => {
    expect(classifyCauseText(text)).toBe(kind);
  });
});
