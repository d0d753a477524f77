import { defineConfig } from 'vitest/config';

// Integration and e2e tests start real processes (node-llama-cpp workers, Chromium) on a
// 2-core machine, so files run one at a time and timeouts are generous.
export default defineConfig({
  test: {
    include: ['tests/{unit,integration,e2e}/**/*.test.{ts,tsx}'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tests/support/testTmpdir.ts'],
  },
});
