/**
 * Discovery and listing: what Entra reads besides users and groups (reference §2.4, §2.5). Schema discovery
 * runs when an admin saves a gallery app's provisioning configuration; account discovery pages through users.
 */
import { expectStatus, expectValue, expectSchemas, jsonBody } from './checks.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';
import { expectPagesOf } from './paging.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

const CORE_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group'];

export const discoveryCases: ConformanceCase[] = [
  {
    id: 'DISC-01',
    level: 'MUST',
    name: 'MUST answer GET /Schemas with a ListResponse holding the User and Group schemas, without nulls',
    area: 'connection',
    spec: ['RFC7643-7', 'RFC7644-4', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['discovery/schemas'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'none-known',
      text: "None known for provisioning itself: Entra reads /Schemas only where schema discovery is enabled (not for custom non-gallery apps), to offer the target's attributes for mapping; Microsoft's gallery checklist requires it.",
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const reply = await context.send('discovery/schemas');
      expectStatus(reply, [200]);
      const body = jsonBody(reply);
      expectSchemas(reply, body, ['scim/ListResponse.json']);
      const ids = ((body.Resources ?? []) as unknown[]).map((schema) => String(getInsensitive(schema, 'id')));
      for (const id of CORE_SCHEMAS) {
        if (!ids.includes(id)) {
          throw new ConformanceFailure(`${reply.label}: Resources should include the schema ${id}, got ${JSON.stringify(ids)}`, id, ids);
        }
      }
      const nullAt = findNull(body, '');
      // ED-SCIM /Schemas: "If a value isn't present, don't send null values."
      if (nullAt !== undefined) throw new ConformanceFailure(`${reply.label}: ${nullAt} is null; absent values should be left out`, 'no null values', null);
    },
  },
  {
    id: 'DISC-02',
    level: 'MAY',
    name: 'MAY advertise PATCH support in GET /ServiceProviderConfig',
    area: 'connection',
    spec: ['RFC7643-5', 'RFC7644-4', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['discovery/service-provider-config'],
    keyword: { word: 'OPTIONAL', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'none-known',
      text: "None known: Entra does not read /ServiceProviderConfig, though Microsoft's gallery checklist asks for it.",
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const reply = await context.send('discovery/service-provider-config');
      expectStatus(reply, [200]);
      const body = jsonBody(reply);
      expectValue(reply, '/patch/supported', true, getInsensitive(getInsensitive(body, 'patch'), 'supported'));
    },
  },
  {
    id: 'USR-LIST-01',
    level: 'MUST',
    name: 'MUST page through users with startIndex and count',
    area: 'users',
    spec: ['RFC7644-3.4.2.4', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/create', 'users/list-page'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'none-known',
      text: 'None known for provisioning: only account discovery pages through the target\'s users, and there a target that ignores count or startIndex returns everything at once (timeouts on large directories) or the same page again.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      await context.createUsers(3);
      await expectPagesOf(context, 'user', 2);
    },
  },
];

function findNull(value: unknown, pointer: string): string | undefined {
  if (value === null) return pointer || '/';
  if (typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findNull(child, `${pointer}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
