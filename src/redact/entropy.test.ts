import { describe, expect, it } from 'vitest';
import { isBase64OfText, isLiteralSecretValue, isResourceName, shannonEntropy, wordCoverage } from './entropy.ts';
import { isLuhnValid } from './luhn.ts';

describe('shannonEntropy', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['abab', 1],
    ['abcd', 2],
  ])('%j → %d bits/char', (text, bits) => {
    expect(shannonEntropy(text)).toBeCloseTo(bits, 10);
  });
});

describe('wordCoverage', () => {
  it('is high for identifiers and low for random tokens', () => {
    expect(wordCoverage('OrderServiceClientImpl')).toBeGreaterThan(0.8);
    expect(wordCoverage('Zk8pQ2mX7vR4tN9wL3bY6cJ1')).toBeLessThan(0.2);
  });
});

describe('isBase64OfText', () => {
  it.each([
    [Buffer.from('hello world from payments').toString('base64'), true],
    [Buffer.from('{"a":1}').toString('base64'), true],
    [Buffer.from('user:pass').toString('base64'), false],
    ['Zk8pQ2mX7vR4tN9wL3bY6cJ1', false],
  ])('%j → %j', (text, expected) => {
    expect(isBase64OfText(text)).toBe(expected);
  });
});

describe('isLiteralSecretValue / isResourceName', () => {
  it.each([
    ['hunter2', true],
    ['****', false],
    ['${DB_PASS}', false],
    ['<token>', false],
    ['redacted', false],
    ['payments-db-credentials', false],
    ['AbC-123-xyz', true],
  ])('%j is a literal secret value: %j', (value, expected) => {
    expect(isLiteralSecretValue(value)).toBe(expected);
  });

  it('recognises pod names but not long random segments', () => {
    expect(isResourceName('checkout-7d9f8b6c5-x2x4k')).toBe(true);
    expect(isResourceName('key-a8f3k2m9x7q1z5w3')).toBe(false);
  });
});

describe('isLuhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['378282246310005', true],
    ['12a4', false],
  ])('%j → %j', (digits, expected) => {
    expect(isLuhnValid(digits)).toBe(expected);
  });
});
