/**
 * The project's own use of the vitest adapter (src/vitest.ts, published as `scim-conformance/vitest`): one
 * area against the target in the environment or `.env` (`npm run suites`), or the embedded reference server
 * when none is set (always under `npm test`, which blanks the target and skips `.env`).
 */
import type { Area } from '../src/model/vocabulary.ts';
import { loadEnvironmentFile, readCommandLine } from '../src/config/command-line.ts';
import { registerEntraSuites } from '../src/vitest.ts';

export function registerArea(area: Area): void {
  loadEnvironmentFile();
  // The environment's settings as the adapter's options: a vendor's project would write them out.
  const { settings } = readCommandLine({}, process.env, ['baseUrl', 'token', 'profile', 'dialects', 'seed', 'timeoutMs']);
  const { baseUrl, token, profile, dialects, seed, timeoutMs } = settings;
  registerEntraSuites({
    // The embedded server runs the opt-in cases too (under a second); a real target's run leaves them out
    // unless asked, and the adapter shows each as a skipped test that says so.
    ...(baseUrl === undefined ? { embedded: true } : { baseUrl, token }),
    ...(typeof profile === 'string' ? { profile } : {}),
    ...(dialects === undefined ? {} : { dialects }),
    ...(seed === undefined ? {} : { seed }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    areas: [area],
  });
}
