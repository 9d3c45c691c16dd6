// Unit tests sit beside the code (src/**/*.test.ts[x]); integration and e2e tests live in test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Generous: CLI and browser tests spawn processes, and a loaded 2-core machine can make a 20 s
    // test take three times as long; a slow pass is better than a false failure.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every IPC answer and `--json` output is checked against its schema (core/ipc/output-check.ts);
    // CLI children inherit it.
    env: { FACTEUR_CHECK_OUTPUTS: '1' },
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
