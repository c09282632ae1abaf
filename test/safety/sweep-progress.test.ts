/**
 * The sweep reports its progress (issue 19: a run sat silent for 10 s of cleanup, `load` froze at 583/584):
 * 0 of an estimate first, one call per request, the total never below what was sent, and done = total last.
 */
import { describe, expect, it } from 'vitest';
import { LEDGER_FORMAT, Ledger } from '../../src/safety/ledger.ts';
import { sweep } from '../../src/safety/sweep.ts';
import { openGuardedTransport } from '../../src/runner/guarded-transport.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import { tokenRedactor } from '../../src/safety/redact.ts';

describe('sweep progress', () => {
  it('counts every request from 0 to done, and ends at done = total', async () => {
    const server = await startReferenceServer({ token: 't' });
    try {
      const ledger = new Ledger({ type: 'run', format: LEDGER_FORMAT, tool: 'test', runId: '0a1b2c3d', prefix: 'scimconf-0a1b2c3d-', target: server.baseUrl, startedAt: new Date().toISOString() });
      const guarded = openGuardedTransport({ baseUrl: server.baseUrl, token: 't', timeoutMs: 5000, ledger, readOnly: false, redact: tokenRedactor(['t']) });
      for (let n = 1; n <= 3; n += 1) {
        await guarded.transport({ method: 'POST', path: '/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `scimconf-0a1b2c3d-u${n}@example.com` } }, { tag: 'case-1' });
      }
      const calls: Array<[number, number]> = [];
      const report = await sweep((request) => guarded.transport(request, { tag: 'cleanup' }), ledger, { onProgress: (done, total) => calls.push([done, total]) });
      await guarded.close();
      expect(report.leftovers).toEqual([]);
      expect(calls[0]?.[0]).toBe(0);
      expect(calls[0]?.[1]).toBeGreaterThan(0);
      const [done, total] = calls.at(-1)!;
      expect(done).toBe(total);
      expect(done).toBeGreaterThanOrEqual(6); // three DELETEs, then their checks
      for (const [sent, estimate] of calls.slice(0, -1)) expect(sent).toBeLessThan(estimate);
    } finally {
      await server.close();
    }
  });
});
