import { defineConfig } from 'vitest/config';
import { SLOW_TESTS } from './vitest.config.ts';

// `npm run test:slow`: the project's slowest tests, kept out of `npm test` so it stays a few minutes on
// 2 cores; `.ci/run` runs them too, so CI covers everything `npm test` used to.
export default defineConfig({
  test: {
    include: [...SLOW_TESTS],
    env: { SCIM_BASE_URL: '', SCIM_TOKEN: '', SCIM_CONFORMANCE_NO_DOTENV: '1' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
