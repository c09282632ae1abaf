/**
 * Discovery and listing: what Entra reads besides users and groups (reference §2.4, §2.5). Schema discovery
 * runs when an admin saves a gallery app's provisioning configuration; account discovery pages through users.
 */
import { expectPatchAdvertised, expectSchemasDiscovery } from './answer-checks.ts';
import { expectPagesOf } from './paging.ts';
import type { ConformanceCase } from './types.ts';

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
      expectSchemasDiscovery(await context.send('discovery/schemas'));
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
      expectPatchAdvertised(await context.send('discovery/service-provider-config'));
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
