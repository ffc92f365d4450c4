import { defineConfig } from 'vitest/config';

// Each real CLI turn costs ~0.5 s and ~290 MiB: two test files at a time on two cores.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
