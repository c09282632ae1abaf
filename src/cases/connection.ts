/** Test Connection: what Entra sends when an admin presses "Test Connection" (reference §2.1). */
import { expectEmptyList, expectStatus } from './checks.ts';
import type { ConformanceCase } from './types.ts';

export const connectionCases: ConformanceCase[] = [
  {
    id: 'CONN-01',
    level: 'MUST',
    name: 'MUST answer the Test Connection user query for a random GUID with 200 and an empty ListResponse',
    area: 'connection',
    spec: ['ENTRA-ED-SCIM', 'ENTRA-ED-QUAR', 'RFC7644-3.4.2'],
    dialects: 'once',
    fixtures: ['connection/test-user-query'],
    keyword: { word: 'SHALL', source: 'RFC7644-3.4.2' },
    impact: {
      kind: 'test-connection-fails',
      text: 'Test Connection fails, so provisioning cannot be enabled (and a 404 here puts a running job in quarantine as a "SCIM compliance issue").',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const reply = await context.send('connection/test-user-query', { queryValue: context.data.randomGuid() });
      expectEmptyList(reply, 'user');
    },
  },
  {
    id: 'CONN-02',
    level: 'MUST',
    name: 'MUST answer the Test Connection group query for a random GUID with 200 and an empty ListResponse',
    area: 'connection',
    spec: ['ENTRA-ED-SCIM', 'RFC7644-3.4.2', 'RFC7644-3.4.2.5'],
    dialects: 'once',
    fixtures: ['connection/test-group-query'],
    keyword: { word: 'SHALL', source: 'RFC7644-3.4.2' },
    impact: {
      kind: 'test-connection-fails',
      text: 'Test Connection fails ("fetch a random user and group"), so provisioning cannot be enabled.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const reply = await context.send('connection/test-group-query', { queryValue: context.data.randomGuid() });
      expectEmptyList(reply, 'group');
    },
  },
  {
    id: 'CONN-03',
    level: 'SHOULD',
    name: 'SHOULD refuse a request whose bearer token is wrong with 401',
    area: 'connection',
    spec: ['RFC6750-3.1', 'RFC7644-3.12', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['connection/test-user-query'],
    keyword: { word: 'SHOULD', source: 'RFC6750-3.1' },
    impact: {
      kind: 'none-known',
      text: 'None known for Entra, which provisions either way; but a target that accepts any bearer token accepts writes from anyone, and Entra cannot report a mistyped Secret Token.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const request = context.render('connection/test-user-query', { queryValue: context.data.randomGuid() });
      request.headers = { ...request.headers, Authorization: `Bearer wrong-${context.data.randomGuid()}` };
      const reply = await context.sendRaw(request);
      // Tolerance: 403 also tells Entra the credentials are not accepted (ED-LOGS: Unauthorized/NotPermitted).
      expectStatus(reply, [401, 403], 'a wrong token must not be accepted');
    },
  },
];
