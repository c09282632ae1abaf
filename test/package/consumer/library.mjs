// The library as a vendor imports it: the whole suite against the embedded reference server (a selection
// would make the verdict Incomplete).
import { catalogue, configure, loadProfile, runSuite, startReferenceServer } from 'scim-conformance';

const server = await startReferenceServer();
try {
  const run = await runSuite(
    configure({ baseUrl: server.baseUrl, token: server.token, embedded: true, profile: loadProfile('akamai-eaa'), dialects: ['legacy', 'compliant'], timeoutMs: 10_000, seed: 7, withOptIn: true }),
  );
  const statuses = [...new Set(run.cases.map((result) => result.status))];
  // No base URL: runSuite starts the embedded server itself; the hooks see each case as it finishes.
  const seen = [];
  const connectionArea = await runSuite({ ...configure({ only: ['connection'], seed: 7 }), hooks: { onCaseDone: (result) => seen.push(result.id) } });
  const embedded = { target: connectionArea.target.url, cases: connectionArea.cases.length, seen: seen.length, statuses: [...new Set(connectionArea.cases.map((result) => result.status))] };
  console.log(JSON.stringify({ catalogue: catalogue.length, verdict: run.verdict.entra, statuses, leftovers: run.leftovers.length, embedded }));
} finally {
  await server.close();
}
