import { defineConfig } from 'vitest/config';

// `npm run test:observe`: the full observe sweep (every fault variant through the recording proxy), kept
// out of `npm test` for its run time; `npm test` runs a representative subset.
export default defineConfig({
  test: {
    include: ['test/**/*.sweep.ts'],
    env: { SCIM_BASE_URL: '', SCIM_TOKEN: '', SCIM_CONFORMANCE_NO_DOTENV: '1' },
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
