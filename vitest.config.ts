import { defineConfig } from 'vitest/config';

/**
 * Two groups, run one after the other on these 2-core machines: the load tests (hundreds of
 * socket clients, and the fuzz suite's thousands of requests) would otherwise starve the
 * Chromium tests of CPU and time them out.
 */
const LOAD_TESTS = ['test/live/**/*.test.ts', 'server/src/poll/poll.test.ts', 'test/fuzz/**/*.test.ts', 'test/cluster/*Under*.test.ts'];
/**
 * Browsers sending and receiving real media, and the webcast and recording pipelines: each
 * asserts what a user waits for (heard within 2 s, a stream gone within 1 s), measured in
 * wall-clock time. One file at a time, after the main group: with another browser test
 * beside it, two cores ran at load 10–17 and a floor took 2.2–4.5 s, nearly all of it in
 * the browsers' own renegotiation (the server's part was 10–180 ms).
 */
const MEDIA_TESTS = [
  'test/e2e/media.test.ts', 'test/e2e/mediaEnd.test.ts', 'test/e2e/mediaExtras.test.ts', 'test/e2e/deviceCheck.test.ts',
  'test/e2e/iceConsent.test.ts', 'test/e2e/remoteFloor.test.ts', 'test/e2e/roomFloor.test.ts',
  'test/e2e/webcast.test.ts', 'test/e2e/recording.test.ts',
  // Real ffmpeg writing HLS in real time: a chapter must fall within 0.15 s of its segment.
  'server/src/webcast/recording.test.ts', 'server/src/webcast/recordingLive.test.ts',
];

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
          exclude: [...LOAD_TESTS, ...MEDIA_TESTS, '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'media', include: MEDIA_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'load', include: LOAD_TESTS, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
