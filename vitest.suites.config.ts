import { defineConfig } from 'vitest/config';

// `npm run suites`: the conformance suites in suites/ against the target in the environment or `.env`
// (SCIM_BASE_URL, SCIM_TOKEN, ...), the embedded reference server when none is set. Unlike `npm test`
// (vitest.config.ts) it leaves the environment as it is. A remote target is paced at 25 requests/s.
export default defineConfig({
  test: {
    include: ['suites/**/*.test.ts'],
    pool: 'forks',
    // The three area files would otherwise hit one target at once, each at the full pacing rate.
    fileParallelism: false,
  },
});
