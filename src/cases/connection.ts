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
    entraImpact:
      'Test Connection fails, so provisioning cannot be enabled; a 404 here puts a running job in quarantine as a "SCIM compliance issue".',
    async run(context) {
      const reply = await context.send('connection/test-user-query', { queryValue: context.data.randomGuid() });
      expectEmptyList(reply, context.profile, 'user');
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
    entraImpact: 'Test Connection fails ("fetch a random user and group"), so provisioning cannot be enabled.',
    async run(context) {
      const reply = await context.send('connection/test-group-query', { queryValue: context.data.randomGuid() });
      expectEmptyList(reply, context.profile, 'group');
    },
  },
  {
    id: 'CONN-03',
    level: 'MUST',
    name: 'MUST refuse a request whose bearer token is wrong with 401',
    area: 'connection',
    spec: ['RFC7644-3.12', 'ENTRA-ED-SCIM', 'ENTRA-ED-QUAR'],
    dialects: 'once',
    fixtures: ['connection/test-user-query'],
    entraImpact:
      'A target that accepts any token cannot tell Entra from anyone else; Entra relies on 401 to report invalid credentials at Test Connection.',
    async run(context) {
      const request = context.render('connection/test-user-query', { queryValue: context.data.randomGuid() });
      request.headers = { ...request.headers, Authorization: `Bearer wrong-${context.data.randomGuid()}` };
      const reply = await context.sendRaw(request);
      // Tolerance: 403 also tells Entra the credentials are not accepted (ED-LOGS: Unauthorized/NotPermitted).
      expectStatus(reply, [401, 403], 'a wrong token must not be accepted');
    },
  },
];
