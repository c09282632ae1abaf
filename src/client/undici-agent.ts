/**
 * undici's Agent and Dispatcher, loaded without the rest of undici. `require('undici')` loads all of it
 * (fetch, WebSocket, the HTTP cache, the mocks): about 150 ms of CPU and 20 MiB at every start. The client
 * needs a Dispatcher and its `request` method only, which undici's own index.js assembles from these modules
 * by adding its API to the Dispatcher prototype; the Agent (connection pools, the HTTP/1.1 parser) is loaded
 * only when a client really goes on the network (loadAgent), so the embedded run, whose requests never leave
 * the process (src/client/in-process-dispatcher.ts), does without it. package.json pins undici exactly, so
 * the paths are those of that version; test/client/undici-agent.test.ts checks that these are the very
 * classes `require('undici')` exports.
 */
import { createRequire } from 'node:module';

// undici is CommonJS. Imported from ESM, Node runs every file of it through the ES module loader and its
// export scanner; required, it loads in about half the time.
const require = createRequire(import.meta.url);

/** undici's Dispatcher base class, with the request API (`request`, `stream`…) every dispatcher has. */
export const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as typeof import('undici').Dispatcher;
// What undici's index.js does: the request API lives on every dispatcher. Assigning it again when the full
// package is loaded too is harmless (the same functions).
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js') as object);

/** undici's Agent, loaded on first use. */
export function loadAgent(): typeof import('undici').Agent {
  return require('undici/lib/dispatcher/agent.js') as typeof import('undici').Agent;
}
