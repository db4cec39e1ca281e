import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts', 'evals/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
