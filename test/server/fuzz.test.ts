/**
 * Property-based fuzzing of the reference server's core (createScimHandler in process, no sockets): random
 * and near-valid filters, and random and near-valid PATCH bodies, in random sequences against a seeded
 * directory. Whatever comes in: no 5xx, no exception out of the handler, and the store stays sound (every
 * user has a non-empty string userName and a boolean `active`; every group member is an existing user).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScimHandler } from '../../src/server/app.ts';
import { ScimStore } from '../../src/server/store.ts';
import type { ScimHandler, ScimResponse } from '../../src/server/types.ts';

const TOKEN = 'fuzz-token';
const BASE = 'https://scim.example.test/scim/v2';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const RUNS = 300;

type Json = Record<string, any>;

interface Directory {
  handler: ScimHandler;
  store: ScimStore;
  users: string[];
  groups: string[];
}

async function call(handler: ScimHandler, method: string, target: string, body?: unknown): Promise<ScimResponse> {
  const [path = '', search = ''] = target.split('?');
  const request = { method, path, query: new URLSearchParams(search), headers: { authorization: `Bearer ${TOKEN}` } };
  return handler(body === undefined ? request : { ...request, body });
}

/** A few users (one disabled, one with an enterprise manager) and two groups with members. */
async function seeded(): Promise<Directory> {
  const store = new ScimStore();
  const handler = createScimHandler({ token: TOKEN, baseUrl: BASE, store });
  const users: string[] = [];
  for (const [n, extra] of [{}, { active: false }, { [ENTERPRISE]: { employeeNumber: '42' } }, { emails: [{ type: 'work', value: 'w@example.com', primary: true }] }].entries()) {
    const created = await call(handler, 'POST', '/Users', { schemas: [USER], userName: `user${n}@example.com`, name: { givenName: `G${n}` }, ...extra });
    users.push((created.body as Json).id as string);
  }
  const groups: string[] = [];
  for (const [n, members] of [[users[0]], [users[1], users[2]]].entries()) {
    const created = await call(handler, 'POST', '/Groups', { schemas: [GROUP], displayName: `Group ${n}`, members: members.map((value) => ({ value })) });
    groups.push((created.body as Json).id as string);
  }
  return { handler, store, users, groups };
}

// ---- Filters: mostly well-formed (so they reach evaluation), some near-miss, some noise -------------------

const goodPaths = fc.constantFrom(
  'userName', 'displayName', 'id', 'externalId', 'active', 'title', 'name.givenName', 'name.familyName', 'emails', 'emails.value',
  'emails[type eq "work"].value', 'members', 'members.value', 'meta.created', 'meta.lastModified', 'groups.value',
  `${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:manager.value`, `${USER}:userName`,
);
const badPaths = fc.constantFrom('x', '', '.', 'a..b', 'urn:', '[', 'emails[', 'emails[type eq "work"]', 'members[value', '"userName"');
const attributePaths = fc.oneof({ weight: 4, arbitrary: goodPaths }, { weight: 1, arbitrary: badPaths });
const goodOperators = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'EQ', 'Eq');
const operators = fc.oneof({ weight: 5, arbitrary: goodOperators }, { weight: 1, arbitrary: fc.constantFrom('in', '=', '', 'pr x') });
const goodLiterals = fc.oneof(
  fc.constantFrom('"user0@example.com"', '"USER1@EXAMPLE.COM"', '"Group 1"', '"G2"', '"work"', '"42"', '"2011-05-13T04:42:34Z"', '"@user0"'),
  fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
  fc.constantFrom('true', 'false', 'null', '0', '-1.5e3', '1e999'),
  fc.integer().map(String),
);
const badLiterals = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => `"${text}"`), // unescaped: quotes and backslashes break it
  fc.constantFrom('True', '"\\u0000"', '"\\uD800"', '"unterminated', "'single'"),
  fc.string({ maxLength: 6 }),
);
const literals = fc.oneof({ weight: 4, arbitrary: goodLiterals }, { weight: 1, arbitrary: badLiterals });
const comparison = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(attributePaths, operators, literals).map(([path, op, value]) => `${path} ${op} ${value}`) },
  { weight: 1, arbitrary: attributePaths.map((path) => `${path} pr`) },
);
const filterText: fc.Arbitrary<string> = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: comparison },
    { weight: 2, arbitrary: fc.tuple(tie('filter'), fc.constantFrom('and', 'or', 'AND', 'Or', 'xor'), tie('filter')).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: tie('filter').map((inner) => `not (${inner})`) },
    { weight: 1, arbitrary: tie('filter').map((inner) => `(${inner})`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('emails', 'members', 'groups', 'name'), tie('filter')).map(([path, inner]) => `${path}[${inner}]`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  ),
})).filter;

const listQuery = fc.record(
  {
    filter: filterText,
    startIndex: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }).map(String) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }),
    count: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 300 }).map(String) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }),
    attributes: fc.oneof(goodPaths, fc.string({ maxLength: 10 })),
    excludedAttributes: fc.oneof(goodPaths, fc.constant('members')),
  },
  { requiredKeys: ['filter'] },
);

// ---- PATCH bodies: Entra-shaped operations with values of the right and the wrong type, and noise ----------

/** `@user0`…`@user3`, `@group0`, `@group1` stand for the seeded ids (known only once a run has seeded). */
const someId = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }).map((n) => `@user${n}`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1 }).map((n) => `@group${n}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

function resolveIds<T>(value: T, directory: Directory): T {
  const swap = (text: string): string => text.replace(/@(user|group)(\d)/g, (_, kind: string, n: string) => (kind === 'user' ? directory.users : directory.groups)[Number(n)] ?? 'gone');
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return swap(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, child]) => [swap(key), walk(child)]));
    return item;
  };
  return walk(value) as T;
}

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'user0@example.com', 'USER1@example.com', 'Group 0'));
const anything = fc.jsonValue({ maxDepth: 2 });
const member = fc.oneof(
  { weight: 4, arbitrary: someId.map((value) => ({ value })) },
  { weight: 2, arbitrary: someId.map((value) => ({ value, $ref: null })) },
  { weight: 1, arbitrary: someId.map((value) => ({ value, display: 'x', type: 'User' })) },
  { weight: 1, arbitrary: anything },
);
const members = fc.array(member, { maxLength: 4 });

/** [path, value] pairs Entra (or a near miss of it) sends for each resource type. */
const userTargets: fc.Arbitrary<[string | undefined, unknown]> = fc.oneof(
  fc.tuple(fc.constant('userName'), fc.oneof(text, anything)),
  fc.tuple(fc.constant('active'), fc.oneof(fc.boolean(), fc.constantFrom('True', 'False', 'true', 'yes', 1, null))),
  fc.tuple(fc.constantFrom('displayName', 'name.givenName', 'name.familyName', 'title', 'externalId', 'emails[type eq "work"].value', 'phoneNumbers[type eq "mobile"].value', `${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:department`), fc.oneof(text, anything)),
  fc.tuple(fc.constant('emails'), fc.oneof(fc.array(fc.record({ type: fc.constant('work'), value: text, primary: fc.boolean() }), { maxLength: 2 }), anything)),
  fc.tuple(fc.constant(`${ENTERPRISE}:manager`), fc.oneof(someId.map((value) => ({ value })), anything)),
  fc.tuple(fc.constantFrom('id', 'meta', 'schemas', 'groups', 'password', 'members', 'x', 'emails[type eq "work"]', 'name.x.y', 'emails[value'), anything),
  fc.tuple(
    fc.constant(undefined),
    fc.oneof(
      fc.record({ userName: fc.oneof(text, anything), active: fc.oneof(fc.boolean(), fc.constantFrom('False', 'yes', 0)), 'name.givenName': text, [ENTERPRISE]: fc.record({ employeeNumber: text }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      anything,
    ),
  ),
);
const groupTargets: fc.Arbitrary<[string | undefined, unknown]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constant('members'), fc.oneof({ weight: 4, arbitrary: members }, { weight: 1, arbitrary: anything })) },
  { weight: 2, arbitrary: fc.tuple(someId.map((id) => `members[value eq "${id}"]`), fc.oneof(fc.constant(undefined), members, anything)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('displayName', 'externalId'), fc.oneof(text, anything)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('members[value eq "x"].display', 'members.value', 'id', 'meta', 'userName', 'members[', 'x'), anything) },
  { weight: 1, arbitrary: fc.tuple(fc.constant(undefined), fc.oneof(fc.record({ displayName: fc.oneof(text, anything), members }, { requiredKeys: [] }), anything)) },
);

function patchBody(endpoint: 'Users' | 'Groups'): fc.Arbitrary<unknown> {
  const op = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'Remove', 'REMOVE') },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom('move', '', 'test'), anything) },
  );
  const operation = fc.tuple(op, endpoint === 'Users' ? userTargets : groupTargets).map(([name, [path, value]]) => {
    const built: Record<string, unknown> = { op: name };
    if (path !== undefined) built.path = path;
    if (value !== undefined) built.value = value;
    return built;
  });
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ schemas: fc.constant([PATCH_OP]), Operations: fc.array(operation, { minLength: 1, maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ schemas: fc.oneof(fc.constant([]), anything), Operations: fc.oneof(fc.array(operation, { maxLength: 2 }), anything) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: anything },
  );
}

// ---- Commands and invariants -----------------------------------------------------------------------------

type Command =
  | { kind: 'list'; endpoint: 'Users' | 'Groups'; query: Record<string, string> }
  | { kind: 'search'; endpoint: 'Users' | 'Groups'; body: unknown }
  | { kind: 'patch'; endpoint: 'Users' | 'Groups'; target: number | string; body: unknown };

function commands(): fc.Arbitrary<Command[]> {
  const endpoint = fc.constantFrom('Users' as const, 'Groups' as const);
  const target = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('list' as const), endpoint, query: listQuery }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('search' as const), endpoint, body: fc.record({ schemas: fc.constant(['urn:ietf:params:scim:api:messages:2.0:SearchRequest']), filter: filterText }) }) },
    {
      weight: 4,
      arbitrary: endpoint.chain((chosen) => fc.record({ kind: fc.constant('patch' as const), endpoint: fc.constant(chosen), target, body: patchBody(chosen) })),
    },
  );
  return fc.array(command, { minLength: 1, maxLength: 8 });
}

function targetOf(directory: Directory, command: Extract<Command, { kind: 'patch' }>): string {
  if (typeof command.target === 'string') return encodeURIComponent(command.target) || 'x';
  const ids = command.endpoint === 'Users' ? directory.users : directory.groups;
  return ids[command.target % ids.length] as string;
}

async function run(directory: Directory, symbolic: Command): Promise<ScimResponse> {
  const command = resolveIds(symbolic, directory);
  if (command.kind === 'list') return call(directory.handler, 'GET', `/${command.endpoint}?${new URLSearchParams(command.query).toString()}`);
  if (command.kind === 'search') return call(directory.handler, 'POST', `/${command.endpoint}/.search`, command.body);
  return call(directory.handler, 'PATCH', `/${command.endpoint}/${targetOf(directory, command)}`, command.body);
}

/** What the directory looks like through the API and in the store itself. */
async function expectSound(directory: Directory, after: string): Promise<void> {
  const users = (await call(directory.handler, 'GET', '/Users?count=200')).body as Json;
  const ids = new Set<string>();
  for (const user of users.Resources as Json[]) {
    ids.add(user.id);
    expect(typeof user.userName === 'string' && user.userName !== '', `userName of ${user.id} after ${after}`).toBe(true);
    expect(typeof user.active, `active of ${user.id} after ${after}`).toBe('boolean');
  }
  for (const row of directory.store.candidates('User', undefined)) {
    const { userName, active } = row.attrs as Json;
    expect(typeof userName === 'string' && userName !== '', `stored userName after ${after}`).toBe(true);
    expect(active === undefined || typeof active === 'boolean', `stored active after ${after}`).toBe(true);
  }
  const groups = (await call(directory.handler, 'GET', '/Groups?count=200')).body as Json;
  for (const group of groups.Resources as Json[]) {
    for (const member of (group.members ?? []) as Json[]) {
      expect(ids.has(member.value), `member ${member.value} of group ${group.id} after ${after}`).toBe(true);
    }
  }
  for (const group of directory.store.candidates('Group', undefined)) {
    for (const memberId of group.members.keys()) expect(directory.store.hasUser(memberId), `stored member after ${after}`).toBe(true);
  }
}

describe('reference server under fuzzed filters and PATCH bodies', () => {
  it(`never answers 5xx or throws, and keeps the directory sound (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(commands(), async (sequence) => {
        const directory = await seeded();
        for (const command of sequence) {
          const label = JSON.stringify(command).slice(0, 400);
          const response = await run(directory, command); // a rejection fails the property: the handler threw
          expect(response.status, `${label} → ${String(JSON.stringify(response.body)).slice(0, 200)}`).toBeLessThan(500);
          await expectSound(directory, label);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20_251_128) },
    );
  }, 120_000);
});
