/**
 * Counts the requests of one full run against the embedded reference server by what sent them (preflight,
 * the cases' own requests, the deletes after each case, the final sweep): the figures behind the cleanup
 * proof's cost (issue 24). `tsx scripts/count-requests.ts [concurrency]`.
 */
import { configure } from '../src/config.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import { runSuite } from '../src/runner/run-suite.ts';
import { startReferenceServer } from '../src/server/http.ts';

const token = 'count-token';
const server = await startReferenceServer({ token });
const counts = { preflight: 0, case: 0, caseCleanup: 0, sweep: 0 };
try {
  const input = configure({ baseUrl: server.baseUrl, token, embedded: true, profile: loadProfile('akamai-eaa'), dialects: ['legacy', 'compliant'], timeoutMs: 10_000, seed: 42, concurrency: Number(process.argv[2] ?? 1) });
  const run = await runSuite({
    ...input,
    hooks: {
      onExchange: (event) => {
        if (event.phase === 'preflight') counts.preflight += 1;
        else if (event.phase === 'case') counts.case += 1;
        else if (event.phase === 'cleanup') counts.sweep += 1;
      },
    },
  });
  const caseRequests = run.cases.reduce((sum, result) => sum + result.exchanges.length, 0);
  // The deletes after each case carry the case's tag: the exchange listener counts them with the case.
  counts.caseCleanup = counts.case - caseRequests;
  counts.case = caseRequests;
  console.log(JSON.stringify({ schedule: run.schedule, cases: run.cases.length, verdict: run.verdict.entra, leftovers: run.leftovers.length, ...counts, total: counts.preflight + counts.case + counts.caseCleanup + counts.sweep }));
} finally {
  await server.close();
}
