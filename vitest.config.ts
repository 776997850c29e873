import { defineConfig } from 'vitest/config';

/**
 * Two groups, run one after the other on these 2-core machines: the load tests (hundreds of
 * socket clients, and the fuzz suite's thousands of requests) would otherwise starve the
 * Chromium tests of CPU and time them out.
 */
const LOAD_TESTS = ['test/live/**/*.test.ts', 'server/src/poll/poll.test.ts', 'test/fuzz/**/*.test.ts', 'test/cluster/*Under*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/setup/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a screen or the server must reach: 1 s (vitest's default)
    // is less than a socket round trip and a re-render take on a CI machine at load 10+.
    expect: { poll: { timeout: 5_000 } },
    // Two cores: files run in parallel forks, each with its own database.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['server/**/*.test.ts', 'media/**/*.test.ts', 'contract/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...LOAD_TESTS, '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'load', include: LOAD_TESTS, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
