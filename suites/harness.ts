/**
 * The project's own use of the vitest adapter (src/vitest.ts, published as `scim-conformance/vitest`): one
 * area against the target in the environment or `.env` (`npm run suites`), or the embedded reference server
 * when none is set (always under `npm test`, which blanks the target and skips `.env`).
 */
import type { Area } from '../src/model/vocabulary.ts';
import { loadConfig, loadEnvironmentFile } from '../src/config.ts';
import { registerEntraSuites } from '../src/vitest.ts';

export function registerArea(area: Area): void {
  loadEnvironmentFile();
  const config = loadConfig(process.env);
  registerEntraSuites({
    ...(config.baseUrl === undefined ? { embedded: true } : { baseUrl: config.baseUrl, token: config.token }),
    profile: config.profileId,
    dialects: config.dialects,
    seed: config.seed,
    timeoutMs: config.timeoutMs,
    areas: [area],
  });
}
