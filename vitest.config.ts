import { defineConfig } from 'vitest/config';

/**
 * The slowest tests, run by `npm run test:slow` (vitest.slow.config.ts) and by `.ci/run`, not by `npm test`:
 * every fault variant against the reference server (the detection matrix), the GitHub Action run end to end,
 * the reports in a real browser, and the packed package installed in a scratch project.
 */
export const SLOW_TESTS = ['test/faults/detection.test.ts', 'test/ci/action.test.ts', 'test/browser/**/*.test.ts', 'test/package/**/*.test.ts'] as const;

// `npm test` is the project's own test run: it must pass offline, so it never reads a real target from the
// environment or `.env`; the conformance suites in suites/ run against the embedded reference server here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'suites/**/*.test.ts'],
    // The engine tests need engines/artillery installed: `npm run test:engine` (vitest.engine.config.ts);
    // the slowest ones run with `npm run test:slow`.
    exclude: ['test/engine/**', '**/node_modules/**', ...SLOW_TESTS],
    env: { SCIM_BASE_URL: '', SCIM_TOKEN: '', SCIM_CONFORMANCE_NO_DOTENV: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
