import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('OPSIGHT_PAGERDUTY_WEBHOOK_SECRET', () => {
  it('is optional; empty counts as unset', () => {
    expect(loadConfig({}).OPSIGHT_PAGERDUTY_WEBHOOK_SECRET).toBeUndefined();
    expect(loadConfig({ OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: '' }).OPSIGHT_PAGERDUTY_WEBHOOK_SECRET).toBeUndefined();
  });

  it('takes a signing secret as is', () => {
    const secret = 'ChyBHtKcTnDMnCBZI8lH3yCd0z7N1JlfUQ3cs6xZKT7qZ6TqILoT6rjiezgVJiXs';
    expect(loadConfig({ OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: secret }).OPSIGHT_PAGERDUTY_WEBHOOK_SECRET).toBe(secret);
  });

  it.each([
    ['too short', 'short', /OPSIGHT_PAGERDUTY_WEBHOOK_SECRET must be at least 16 characters/],
    ['with a line break', 'pd-signing-secret-0123456789\n', /OPSIGHT_PAGERDUTY_WEBHOOK_SECRET must not contain spaces or line breaks/],
  ])('names the variable when %s, without echoing the value', (_name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(value.trim());
  });
});
