// The library as a vendor imports it: the Test Connection area against the embedded reference server.
import { catalogue, loadProfile, runSuite, startReferenceServer } from 'scim-conformance';

const server = await startReferenceServer();
try {
  const run = await runSuite({
    baseUrl: server.baseUrl,
    token: server.token,
    embedded: true,
    profile: loadProfile('akamai-eaa'),
    dialects: ['legacy', 'compliant'],
    timeoutMs: 10_000,
    seed: 7,
    selection: { only: ['connection'] },
  });
  const statuses = [...new Set(run.cases.map((result) => result.status))];
  console.log(JSON.stringify({ catalogue: catalogue.length, conformant: run.conformant, statuses, leftovers: run.leftovers.length }));
} finally {
  await server.close();
}
