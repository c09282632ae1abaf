/**
 * undici's Agent, loaded without the rest of undici. `require('undici')` loads all of it (fetch, WebSocket,
 * the HTTP cache, the mocks): about 150 ms of CPU and 20 MiB at every start. The client needs the Agent and
 * its `request` method only, which undici's own index.js assembles from these modules by adding its API
 * to the Dispatcher prototype. package.json pins undici exactly, so the paths are those of that version;
 * test/client/undici-agent.test.ts checks that this is the very class `require('undici').Agent` is.
 */
import { createRequire } from 'node:module';

// undici is CommonJS. Imported from ESM, Node runs every file of it through the ES module loader and its
// export scanner; required, it loads in about half the time.
const require = createRequire(import.meta.url);

const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
// What undici's index.js does: the request API lives on every dispatcher. Assigning it again when the full
// package is loaded too is harmless (the same functions).
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js') as object);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof import('undici').Agent;
