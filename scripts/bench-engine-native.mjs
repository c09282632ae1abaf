// The native side of the engine bench (scripts/bench-engine.ts): `tenants` load runs at once in one process, each
// one tenant (its own run id, one request at a time, as an Artillery virtual user), from the built dist/.
// Prints {"requests":…,"cycleMs":…,"leftovers":…} on stdout.
import { runLoad } from '../dist/load/runner.js';
import { loadProfile } from '../dist/profiles/profile.js';

const [baseUrl, token, tenants, shapeJson] = process.argv.slice(2);
const shape = JSON.parse(shapeJson);
const started = performance.now();
const results = await Promise.all(
  Array.from({ length: Number(tenants) }, () =>
    runLoad({ baseUrl, token, embedded: false, profile: loadProfile('akamai-eaa'), dialect: 'legacy', timeoutMs: 60_000, seed: 7, shape, concurrency: 1, projectUsers: 50_000 }),
  ),
);
const cycleMs = Math.max(...results.map((result) => result.cycleMs));
process.stdout.write(`${JSON.stringify({ requests: results.reduce((sum, r) => sum + r.requests, 0), cycleMs, wallMs: performance.now() - started, leftovers: results.reduce((sum, r) => sum + r.leftovers.length, 0) })}\n`);
