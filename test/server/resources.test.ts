/**
 * /Users and /Groups through the SCIM core (no sockets): create/read/replace/patch/delete, lists and
 * paging, and the attributes/excludedAttributes projection.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createScimHandler } from '../../src/server/app.ts';
import { BASE, ENTERPRISE, ERROR, GROUP, PATCH_OP, TOKEN, USER, call, createGroup, createUser, request, resetHandler, type Json } from './handler-helpers.ts';

beforeEach(() => {
  resetHandler();
});

describe('users', () => {
  it('creates with 201, a Location header, meta with absolute location, and active defaulting to true', async () => {
    const response = await call('POST', '/Users', { schemas: [USER], userName: 'bjensen' });
    expect(response.status).toBe(201);
    const { id, meta } = response.body;
    expect(response.headers?.location).toBe(`${BASE}/Users/${id}`);
    expect(meta).toMatchObject({ resourceType: 'User', location: `${BASE}/Users/${id}` });
    expect(Date.parse(meta.created)).not.toBeNaN();
    expect(response.body).toMatchObject({ schemas: [USER], userName: 'bjensen', active: true });
  });

  it('accepts Entra’s documented create (unknown schema URI typo, nulls, roles: []) and echoes neither', async () => {
    const body = {
      schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      externalId: 'jyoung',
      userName: 'jyoung@testuser.com',
      active: true,
      addresses: null,
      displayName: 'Joy Young',
      emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
      meta: { resourceType: 'User' },
      name: { familyName: 'Young', givenName: 'Joy' },
      phoneNumbers: null,
      title: null,
      roles: [],
      manager: null,
    };
    const { status, body: created } = await call('POST', '/Users', body);
    expect(status).toBe(201);
    expect(created.schemas).toEqual([USER]);
    expect(created.emails).toEqual([{ type: 'work', value: 'jyoung@Contoso.com', primary: true }]);
    expect(created.roles).toEqual([]);
    for (const absent of ['addresses', 'phoneNumbers', 'title', 'manager']) expect(created).not.toHaveProperty(absent);
    expect(JSON.stringify(created)).not.toContain('null');
  });

  it('ignores client-sent id and meta, and never returns password', async () => {
    const created = await createUser('x', { id: 'client-id', meta: { created: '2000-01-01T00:00:00Z' }, password: 'p@ss' });
    expect(created.id).not.toBe('client-id');
    expect(created.meta.created).not.toBe('2000-01-01T00:00:00Z');
    expect(created).not.toHaveProperty('password');
    expect((await call('GET', `/Users/${created.id}`)).body).not.toHaveProperty('password');
  });

  it('stores the enterprise extension and lists its URN in schemas', async () => {
    const created = await createUser('e', { [ENTERPRISE]: { employeeNumber: '701984', manager: '26118915' } });
    expect(created.schemas).toEqual([USER, ENTERPRISE]);
    expect(created[ENTERPRISE]).toEqual({ employeeNumber: '701984', manager: { value: '26118915' } });
  });

  it('rejects a body without the core schema, and a missing userName, with 400', async () => {
    expect((await call('POST', '/Users', { userName: 'a' })).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await call('POST', '/Users', { schemas: [USER], userName: '' })).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('answers a duplicate userName (other case) with 409 uniqueness', async () => {
    await createUser('Dup@Example.com');
    const response = await call('POST', '/Users', { schemas: [USER], userName: 'dup@example.com' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: expect.any(String) });
  });

  it('PATCH returns 200 with the full user; a disabled user is still returned by GET and by filter', async () => {
    const { id } = await createUser('soft');
    const patched = await call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, userName: 'soft', active: false });
    expect((await call('GET', `/Users/${id}`)).body.active).toBe(false);
    const listed = await call('GET', '/Users?filter=userName eq "soft"');
    expect(listed.body.Resources).toHaveLength(1);
    expect(listed.body.Resources[0].active).toBe(false);
  });

  it('PATCH renaming onto an existing userName answers 409 and changes nothing', async () => {
    await createUser('first');
    const { id } = await createUser('second');
    const response = await call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'userName', value: 'FIRST' }] });
    expect(response.status).toBe(409);
    expect((await call('GET', `/Users/${id}`)).body.userName).toBe('second');
  });

  it('PUT replaces the resource: omitted attributes are cleared, id and created kept', async () => {
    const created = await createUser('put', { displayName: 'Old', title: 'T' });
    const replaced = await call('PUT', `/Users/${created.id}`, { schemas: [USER], userName: 'put', displayName: 'New' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.id, displayName: 'New', active: true });
    expect(replaced.body).not.toHaveProperty('title');
    expect(replaced.body.meta.created).toBe(created.meta.created);
  });

  it('DELETE answers 204, then 404 for the same id', async () => {
    const { id } = await createUser('del');
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(204);
    const again = await call('DELETE', `/Users/${id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect((await call('GET', `/Users/${id}`)).status).toBe(404);
  });
});

describe('groups', () => {
  it('accepts the Microsoft ADSCIM schema URI and returns only the core schema', async () => {
    const { status, body } = await call('POST', '/Groups', {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ schemas: [GROUP], displayName: 'displayName', externalId: '8aa1a0c0', members: [] });
  });

  it('PATCH answers 204, member adds are idempotent, and members carry $ref and type', async () => {
    const alice = await createUser('alice');
    const group = await createGroup('team');
    const add = { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: alice.id }] }] };
    expect((await call('PATCH', `/Groups/${group.id}`, add)).status).toBe(204);
    expect((await call('PATCH', `/Groups/${group.id}`, add)).status).toBe(204);
    const { body } = await call('GET', `/Groups/${group.id}`);
    expect(body.members).toEqual([{ value: alice.id, $ref: `${BASE}/Users/${alice.id}`, type: 'User' }]);
  });

  it('rejects members that are not existing users with 400 invalidValue', async () => {
    const group = await createGroup('team');
    const response = await call('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: 'ghost' }] }] });
    expect(response.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('shows memberships on the user and drops them when the group is deleted', async () => {
    const alice = await createUser('alice');
    const group = await createGroup('team', [alice.id]);
    expect((await call('GET', `/Users/${alice.id}`)).body.groups).toEqual([{ value: group.id, $ref: `${BASE}/Groups/${group.id}`, display: 'team', type: 'direct' }]);
    await call('DELETE', `/Groups/${group.id}`);
    expect((await call('GET', `/Users/${alice.id}`)).body).not.toHaveProperty('groups');
  });

  it('filters groups by member', async () => {
    const alice = await createUser('alice');
    const bob = await createUser('bob');
    const team = await createGroup('team', [alice.id]);
    await createGroup('other', [bob.id]);
    const { body } = await call('GET', `/Groups?filter=members.value eq "${alice.id}"&attributes=id`);
    expect(body.Resources).toEqual([{ schemas: [GROUP], id: team.id, meta: expect.any(Object) }]);
  });
});

describe('lists', () => {
  beforeEach(async () => {
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) await createUser(name);
  });

  it('answers zero matches with 200 and an empty Resources array, never 404', async () => {
    const { status, body } = await call('GET', '/Users?filter=userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a"');
    expect(status).toBe(200);
    expect(body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('pages in creation order with startIndex and count', async () => {
    const { body } = await call('GET', '/Users?startIndex=2&count=2');
    expect(body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(body.Resources.map((u: Json) => u.userName)).toEqual(['u2', 'u3']);
  });

  it('reads startIndex below 1 as 1 and a negative count as 0', async () => {
    expect((await call('GET', '/Users?startIndex=0&count=1')).body).toMatchObject({ startIndex: 1, Resources: [{ userName: 'u1' }] });
    expect((await call('GET', '/Users?count=-3')).body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it('defaults to and caps at 200 per page', async () => {
    expect((await call('GET', '/Users')).body.itemsPerPage).toBe(5);
    const many = createScimHandler({ token: TOKEN, baseUrl: BASE });
    for (let i = 0; i < 205; i++) await many(request('POST', '/Users', { schemas: [USER], userName: `n${i}` }));
    const page = (await many(request('GET', '/Users?count=1000'))).body as Json;
    expect(page).toMatchObject({ totalResults: 205, itemsPerPage: 200 });
  });

  it('rejects a non-integer count with 400 and an invalid filter with 400 invalidFilter', async () => {
    expect((await call('GET', '/Users?count=ten')).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await call('GET', '/Users?filter=userName eq')).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  it('ignores unknown query parameters such as aadOptscim062020', async () => {
    const { status, body } = await call('GET', '/Users?aadOptscim062020&filter=userName eq "u3"');
    expect(status).toBe(200);
    expect(body.totalResults).toBe(1);
  });

  it('supports POST /.search with a SearchRequest body', async () => {
    const { status, body } = await call('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "u"', count: 2, attributes: ['userName'] });
    expect(status).toBe(200);
    expect(body).toMatchObject({ totalResults: 5, itemsPerPage: 2 });
    expect(Object.keys(body.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
  });
});

describe('attributes and excludedAttributes', () => {
  it('returns only the requested attributes plus schemas, id and meta, names case-insensitive', async () => {
    const { id } = await createUser('p', { name: { givenName: 'G', familyName: 'F' }, emails: [{ type: 'work', value: 'w@x' }], [ENTERPRISE]: { department: 'D', costCenter: 'C' } });
    const { body } = await call('GET', `/Users/${id}?attributes=NAME.givenName,emails.value,${ENTERPRISE}:department`);
    expect(body).toEqual({ schemas: [USER, ENTERPRISE], id, name: { givenName: 'G' }, emails: [{ value: 'w@x' }], [ENTERPRISE]: { department: 'D' }, meta: expect.any(Object) });
  });

  it('drops excluded attributes but never id, schemas or meta', async () => {
    const { id } = await createUser('q', { displayName: 'Q', name: { givenName: 'G', familyName: 'F' } });
    const { body } = await call('GET', `/Users/${id}?excludedAttributes=displayName,name.familyName,id,meta`);
    expect(body).not.toHaveProperty('displayName');
    expect(body.name).toEqual({ givenName: 'G' });
    expect(body).toHaveProperty('id', id);
    expect(body).toHaveProperty('meta');
  });

  it('excludedAttributes=members drops members even when the group has members', async () => {
    const alice = await createUser('alice');
    const group = await createGroup('withMembers', [alice.id]);
    const { body } = await call('GET', `/Groups/${group.id}?excludedAttributes=members`);
    expect(body).not.toHaveProperty('members');
    expect(body.displayName).toBe('withMembers');
  });
});

