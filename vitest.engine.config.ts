import { defineConfig } from 'vitest/config';

// `npm run test:engine`: the tests that run a load engine (Artillery, installed by `npm ci --prefix engines/artillery`).
// Kept out of `npm test`, whose install does not include the engine; .ci/run runs both.
export default defineConfig({
  test: {
    include: ['test/engine/**/*.test.ts'],
    env: { SCIM_BASE_URL: '', SCIM_TOKEN: '', SCIM_CONFORMANCE_NO_DOTENV: '1' },
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
