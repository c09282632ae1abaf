import { defineConfig } from 'vitest/config';

// `npm test` is the project's own test run: it must pass offline, so it never reads a real target from the
// environment or `.env`; the conformance suites in suites/ run against the embedded reference server here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'suites/**/*.test.ts'],
    // The engine tests need engines/artillery installed: `npm run test:engine` (vitest.engine.config.ts).
    exclude: ['test/engine/**', '**/node_modules/**'],
    env: { SCIM_BASE_URL: '', SCIM_TOKEN: '', SCIM_CONFORMANCE_NO_DOTENV: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
