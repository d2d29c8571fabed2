import { defineConfig } from 'vitest/config';

// One `pnpm test` for the workspace, in three projects so each kind of test gets the time it needs:
// unit (pure, fast), integration (real database, real sharp) and system (packaging every stage,
// and the whole local stack end to end over HTTP). Nothing here times anything: speed lives in `pnpm bench`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{packages,services}/*/test/unit/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{packages,services}/*/test/integration/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Packaging and the local stack each load both cores; one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
