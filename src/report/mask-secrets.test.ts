import { describe, expect, it } from 'vitest';
import { maskSecrets } from './mask-secrets.ts';

describe('maskSecrets', () => {
  it.each([
    ['key is AKIAIOSFODNN7EXAMPLE ok', 'key is [AWS-KEY] ok'],
    ['use sk_live_A1XsNdYgv7karxzaiGdVS5Do', 'use [STRIPE-KEY]'],
    ['token xoxb-123456789012-abcdefABCDEF', 'token [SLACK-TOKEN]'],
    ['postgres://app:hunter2@db.prod:5432/app', 'postgres://app:[PASSWORD]@db.prod:5432/app'],
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', 'Authorization: Bearer [TOKEN]'],
    ['DB_PASSWORD=S3cr3t!pw in the env', 'DB_PASSWORD=[PASSWORD] in the env'],
    ['GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345', 'GITHUB_TOKEN=[GITHUB-TOKEN]'],
    ['customer ana@example.com paid with 4111 1111 1111 1111', 'customer [EMAIL] paid with [CARD]'],
    ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY----- pasted', '[PRIVATE-KEY] pasted'],
  ])('%j → %j', (text, expected) => {
    expect(maskSecrets(text)).toBe(expected);
  });

  it.each([
    ['commit 4bf92f3577b34da6a3ce929d0e0e4736'],
    ['trace 5f0c6a2e-1b7d-4c1e-9a8b-0a1b2c3d4e5f'],
    ['sk_live_****LeYS already masked'],
    ['p99 latency 1250 ms since 2026-11-29T23:03:25Z on 10.0.3.17:8443'],
    ['kubectl get secret payments-db-credentials -n prod'],
  ])('leaves %j alone', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });
});
