import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts', 'migrations/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src-main/**/*.ts', 'migrations/**/*.ts'],
      exclude: ['src-main/index.ts', 'src-main/electron/**', '**/*.test.ts'],
      reporter: ['text-summary', 'html'],
      // The seed's bar for the generation pipeline; npm test fails below it.
      thresholds: { 'src-main/generation/**': { statements: 90, lines: 90, functions: 90 } },
    },
  },
});
