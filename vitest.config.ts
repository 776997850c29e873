import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'media/**/*.test.ts', 'contract/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: files run in parallel forks, each with its own database.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
