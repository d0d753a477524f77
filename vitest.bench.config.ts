import { defineConfig } from 'vitest/config';

// `npm run bench`: benchmarks print their figures and never fail on a time.
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.bench.test.ts'],
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    globalSetup: ['tests/support/testTmpdir.ts'],
  },
});
