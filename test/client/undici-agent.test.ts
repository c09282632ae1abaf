import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/client/undici-agent.ts';

describe('undici Agent loaded on its own', () => {
  it('is the Agent undici exports, with the request API on it', () => {
    // Loaded first (above) without undici's index, then compared with the full package's export.
    expect(typeof (Agent.prototype as { request?: unknown }).request).toBe('function');
    const undici = createRequire(import.meta.url)('undici') as typeof import('undici');
    expect(Agent).toBe(undici.Agent);
  });
});
