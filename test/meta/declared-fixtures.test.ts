/**
 * A case's declared `fixtures` drive --read-only and --dry-run planning, so they must be exactly what the
 * case renders. Each case runs (alone, as `--only` would run it) against the reference server for every
 * profile the repository ships, in every dialect it runs in, and against servers that refuse one of
 * Entra's forms so that setup falls back to the other (and one that shows no members, so membership reads
 * take every path). Per case and dialect, the union of what the context rendered must equal the declared list.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicableCases, catalogue, fixturesOf, planRuns } from '../../src/cases/catalogue.ts';
import { CaseContext } from '../../src/cases/context.ts';
import { openTokenEndpoint } from '../../src/client/oauth.ts';
import { tokenRedactor } from '../../src/safety/redact.ts';
import { MembershipVisibility } from '../../src/cases/membership-visibility.ts';
import { toReply } from '../../src/model/reply.ts';
import { DIALECTS } from '../../src/cases/types.ts';
import { ScimClient } from '../../src/client/scim-client.ts';
import { TestData } from '../../src/data/test-data.ts';
import { variantMiddleware } from '../../src/faults/catalogue.ts';
import { opName, operationsOf, scimError } from '../../src/faults/kit.ts';
import { extraGenerators } from '../../src/profiles/extra-generators.ts';
import { listProfileIds } from '../../src/profiles/profile.ts';
import { resolveProfile } from '../../src/profiles/resolve-profile.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';

const EXPORTS = 'fixtures/entra-exports/';
const PROFILES = [...listProfileIds(), ...readdirSync(EXPORTS).filter((name) => name.endsWith('.json')).map((name) => `${EXPORTS}${name}`)];

/** A server that refuses every PATCH one of whose operations `refused` picks, as some real targets do. */
const refusePatches = (refused: (operation: ReturnType<typeof operationsOf>[number]) => boolean): ScimMiddleware =>
  async (request, next) => (request.method === 'PATCH' && operationsOf(request).some(refused) ? scimError(400, 'operation not supported') : next(request));

const SERVERS: Record<string, ScimMiddleware | undefined> = {
  conformant: undefined,
  // The legacy dialect refused: setup in a legacy run, and dialect-neutral setup, falls back to the compliant form.
  'capitalised ops refused': refusePatches((operation) => typeof operation.op === 'string' && operation.op !== opName(operation)),
  // Only the tutorial's disable form taken (capitalised op, JSON boolean): a compliant run's setup reaches it.
  'lower-case ops and boolean strings refused': refusePatches(
    (operation) => operation.op === opName(operation) || operation.value === 'True' || operation.value === 'False',
  ),
  // Microsoft's ADSCIM group body refused: group setup falls back to the core-only body.
  'ADSCIM group body refused': variantMiddleware('group-create-adscim-rejected'),
  // No members anywhere: membership reads ask again with attributes=members and probe with a group created with a member.
  'members never shown': variantMiddleware('members-never-returned'),
};

const key = (id: string, dialect: string | undefined): string => `${id} [${dialect ?? 'once'}]`;
const rendered = new Map<string, Set<string>>();
const declared = new Map<string, string[]>();
const stopped: (() => Promise<void>)[] = [];

beforeAll(async () => {
  for (const [server, middleware] of Object.entries(SERVERS)) {
    const token = `declared-fixtures-${server.length}`;
    const credentials = { clientId: 'declared-fixtures', clientSecret: `secret-${server.length}` };
    const target = await startReferenceServer({ token, middleware: middleware === undefined ? [] : [middleware], oauth: { clients: [{ clientId: credentials.clientId, secrets: [credentials.clientSecret] }] } });
    stopped.push(() => target.close());
    // The token endpoint's checks (AUTH-) render their fixtures only with client credentials.
    const endpoint = openTokenEndpoint({ tokenUrl: target.tokenUrl as string, timeoutMs: 5_000, redact: tokenRedactor([credentials.clientSecret]) });
    stopped.push(() => endpoint.close());
    const oauth = { endpoint, credentials: { ...credentials, tokenUrl: target.tokenUrl as string } };
    const client = new ScimClient({ baseUrl: target.baseUrl, token, timeoutMs: 5_000 });
    const send = async (request: Parameters<ScimClient['send']>[0]) => toReply(request, await client.send(request));
    // The fallbacks do not depend on the mapping: the refusing servers run with the built-in profiles only.
    for (const profileId of middleware === undefined ? PROFILES : listProfileIds()) {
      const { profile } = resolveProfile(profileId);
      const data = new TestData({ seed: 7, runId: 'declared', extra: extraGenerators(profile) });
      for (const { testCase, dialect } of planRuns(applicableCases(catalogue, profile), DIALECTS)) {
        // A fresh membership view per case: run alone, a case probes member visibility itself.
        const context = new CaseContext(send, profile, data, dialect, new MembershipVisibility(), oauth);
        await testCase.run(context).catch(() => undefined);
        const seen = rendered.get(key(testCase.id, dialect)) ?? new Set<string>();
        for (const id of context.renderedFixtures) seen.add(id);
        rendered.set(key(testCase.id, dialect), seen);
        declared.set(key(testCase.id, dialect), fixturesOf(testCase, dialect).sort());
      }
    }
  }
}, 240_000);

afterAll(async () => {
  for (const stop of stopped) await stop();
});

describe('declared fixtures', () => {
  it('plans every case of the catalogue for some shipped profile', () => {
    const planned = new Set([...declared.keys()].map((entry) => entry.split(' ')[0]));
    expect(catalogue.map((testCase) => testCase.id).filter((id) => !planned.has(id))).toEqual([]);
  });

  it('declares exactly the fixtures each case renders, per dialect, over every profile and fallback', () => {
    const mismatches = [...declared].flatMap(([run, list]) => {
      const seen = [...(rendered.get(run) ?? [])].sort();
      const undeclared = seen.filter((id) => !list.includes(id));
      const unsent = list.filter((id) => !seen.includes(id));
      return undeclared.length + unsent.length === 0 ? [] : [`${run}: rendered but not declared ${JSON.stringify(undeclared)}; declared but never rendered ${JSON.stringify(unsent)}`];
    });
    expect(mismatches).toEqual([]);
  });
});
