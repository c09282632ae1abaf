/**
 * The reference server on its own process for the load benchmarks, so that the load generator (or
 * autocannon) and the server do not share one event loop. Prints `{"baseUrl":…,"token":…}` on stdout, then
 * serves until stdin closes.
 */
import { startReferenceServer } from '../src/server/http.ts';

const server = await startReferenceServer({ token: 'bench-token' });
process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl, token: server.token })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
