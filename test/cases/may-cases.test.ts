/**
 * MAY cases are notices, so the fault catalogue (which needs a MUST or SHOULD catch) cannot prove they can
 * fail. These tests do: each MAY case fails against a server that lacks what it checks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catalogue } from '../../src/cases/catalogue.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';

const TOKEN = 'may-cases-token';
const servers: RunningReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const patchNotAdvertised: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!/serviceproviderconfig$/i.test(request.path)) return response;
  return { ...response, body: { ...(response.body as object), patch: { supported: false } } };
};

describe('MAY cases can fail', () => {
  it('covers every MAY case of the catalogue', () => {
    expect(catalogue.filter((testCase) => testCase.level === 'MAY').map((testCase) => testCase.id)).toEqual(['DISC-02']);
  });

  it('DISC-02 fails when the target says PATCH is unsupported, and that decides nothing (MAY, no known Entra impact)', async () => {
    const server = await startReferenceServer({ token: TOKEN, middleware: [patchNotAdvertised] });
    servers.push(server);
    const run = await runSuite(configure({ baseUrl: server.baseUrl, token: TOKEN, embedded: true, profile: loadProfile('akamai-eaa'), dialects: ['legacy'], timeoutMs: 5000, seed: 7, only: ['DISC-02'] }));
    expect(run.cases.map((result) => [result.id, result.status])).toEqual([['DISC-02', 'fail']]);
    expect(run.verdict.blocking).toEqual([]);
    expect(run.verdict.rfcFailures).toEqual([]);
    // A selection of one case is never Ready: it is Incomplete, whatever that case did.
    expect(run.verdict.entra).toBe('incomplete');
  });
});
