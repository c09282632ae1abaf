import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Dispatcher, loadAgent } from '../../src/client/undici-agent.ts';

describe('undici Agent and Dispatcher loaded on their own', () => {
  it('are the classes undici exports, with the request API on them', () => {
    // Loaded first (above) without undici's index, then compared with the full package's exports.
    const Agent = loadAgent();
    expect(typeof (Agent.prototype as { request?: unknown }).request).toBe('function');
    expect(typeof (Dispatcher.prototype as { request?: unknown }).request).toBe('function');
    const undici = createRequire(import.meta.url)('undici') as typeof import('undici');
    expect(Agent).toBe(undici.Agent);
    expect(Dispatcher).toBe(undici.Dispatcher);
  });
});
