import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor.ts';

describe('createRedactor', () => {
  it('gives the same secret the same placeholder and a different secret the next one', () => {
    const r = createRedactor();
    expect(r.redact('token xoxb-123456789012-abcdefABCDEF leaked')).toBe('token [SECRET-1] leaked');
    expect(r.redact('again xoxb-123456789012-abcdefABCDEF, and ghp_0123456789abcdefghijABCDEFGHIJ012345')).toBe('again [SECRET-1], and [SECRET-2]');
  });

  it('numbers each kind on its own', () => {
    const r = createRedactor();
    expect(r.redact('mail ana@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE')).toBe(
      'mail [EMAIL-1], call [PHONE-1], card [CARD-1], key [SECRET-1]',
    );
  });

  it('redacts only the password of a connection string', () => {
    expect(createRedactor().redact('postgres://app:hunter2@db.prod:5432/app')).toBe('postgres://app:[SECRET-1]@db.prod:5432/app');
  });

  it('reports findings without the values', () => {
    const r = createRedactor();
    r.redact('DB_PASSWORD=S3cr3t!pw and ops@example.com');
    const findings = r.findings();
    expect(findings).toEqual([
      { placeholder: '[SECRET-1]', kind: 'secret', detector: 'password-assignment' },
      { placeholder: '[EMAIL-1]', kind: 'email', detector: 'email-address' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('S3cr3t');
  });

  it('redacts every string inside objects and arrays, sharing placeholders, without mutating the input', () => {
    const r = createRedactor();
    const input = { text: 'use sk_live_A1XsNdYgv7karxzaiGdVS5Do', n: 3, nested: [{ note: 'sk_live_A1XsNdYgv7karxzaiGdVS5Do again' }, null] };
    expect(r.redactDeep(input)).toEqual({ text: 'use [SECRET-1]', n: 3, nested: [{ note: '[SECRET-1] again' }, null] });
    expect(input.text).toBe('use sk_live_A1XsNdYgv7karxzaiGdVS5Do');
  });

  it('is idempotent: placeholders are never redacted again', () => {
    const r = createRedactor();
    const once = r.redact('password=Tr0ub4dor&3 token=[SECRET-7] api_key: "AbCdEf0123456789xyz" client_secret: "[SECRET-1]"');
    expect(once).toBe('password=[SECRET-1] token=[SECRET-7] api_key: [SECRET-2] client_secret: "[SECRET-1]"');
    expect(r.redact(once)).toBe(once);
  });

  it('can be limited to some kinds', () => {
    expect(createRedactor({ kinds: ['secret'] }).redact('ana@example.com AKIAIOSFODNN7EXAMPLE')).toBe('ana@example.com [SECRET-1]');
  });

  it('redacts a multi-line private key from header to footer', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3\nd4e5f6==\n-----END RSA PRIVATE KEY-----';
    expect(createRedactor().redact(`key:\n${pem}\nthanks`)).toBe('key:\n[SECRET-1]\nthanks');
  });

  it.each([
    'commit 4bf92f3577b34da6a3ce929d0e0e4736a1b2c3d4 reverted',
    'trace 5f0c6a2e-1b7d-4c1e-9a8b-0a1b2c3d4e5f span 00f067aa0ba902b7',
    'pod checkout-7d9f8b6c5-x2x4k restarted at 2026-11-29T23:03:25Z',
    'image sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 on 10.0.3.17:8443',
    'v1.24.3 took 1250 ms, order 1234-5678-9012-3456',
  ])('leaves %j alone', (text) => {
    expect(createRedactor().redact(text)).toBe(text);
  });
});
