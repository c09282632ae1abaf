/**
 * Load benchmarks (part of npm run bench), all on 127.0.0.1:
 * 1. the load generator's request rate against autocannon on the same endpoint of the reference server
 *    (Test Connection's zero-result filter), the server in its own process, in one run;
 * 2. reference-server filter latency at 100,000 users and 10,000 groups (p50/p99, HdrHistogram), and the
 *    memory those take per 10,000 users;
 * 3. a full initial cycle of 10,000 users, unpaced.
 * Figures are printed, never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { TestData } from '../src/data/test-data.ts';
import { EntraRequests } from '../src/load/scenario.ts';
import { runLoad } from '../src/load/runner.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import { ROOT } from './bench-process.ts';
import { runPool } from '../src/runner/case-pool.ts';
import { tokenRedactor } from '../src/safety/redact.ts';
import { openGuardedTransport } from '../src/runner/guarded-transport.ts';
import { LEDGER_FORMAT, Ledger } from '../src/safety/ledger.ts';
import { createScimHandler } from '../src/server/app.ts';
import type { ScimRequest } from '../src/server/types.ts';

type Row = string[];
const QUERY = '/Users?filter=userName+eq+%22bench-absent%40example.com%22';
const profile = loadProfile('akamai-eaa');

/** The reference server in a process of its own (scripts/bench-server.ts), so its CPU is not the client's. */
export async function startServerProcess(): Promise<{ baseUrl: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { ...(JSON.parse(line) as { baseUrl: string; token: string }), child };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
  });
}

async function autocannonRate(url: string, token: string, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`autocannon saw ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return result.requests.total / seconds;
}

type Send = (request: { method: 'GET'; path: string }) => Promise<{ status: number }>;

/** The load generator's own stack (client, pacer, guard, reply checks): one, kept open across rounds. */
function openGenerator(baseUrl: string, token: string): { send: Send; close: () => Promise<void> } {
  const ledger = new Ledger({ type: 'run', format: LEDGER_FORMAT, tool: 'bench', runId: 'bench', prefix: 'scimconf-bench-', target: baseUrl, startedAt: new Date().toISOString() });
  const { transport, close } = openGuardedTransport({ baseUrl, token, redact: tokenRedactor([token]), timeoutMs: 10_000, ledger, readOnly: false, maxRetries: 0 });
  return { send: (request) => transport(request), close };
}

/** Sends the same GET as fast as `concurrency` workers can for `seconds`. */
async function generatorRate(send: Send, concurrency: number, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let sent = 0;
  await runPool(Number.MAX_SAFE_INTEGER, concurrency, () => performance.now() < until, async () => {
    const reply = await send({ method: 'GET', path: QUERY });
    if (reply.status !== 200) throw new Error(`answered ${reply.status}`);
    sent += 1;
  });
  return sent / seconds;
}

export async function benchGeneratorVsAutocannon(rows: Row[], connections = 8, seconds = 5, rounds = 3): Promise<void> {
  const { baseUrl, token, child } = await startServerProcess();
  const generator = openGenerator(baseUrl, token);
  try {
    // Both sides (and the server's JIT) warmed up before anything is timed.
    await generatorRate(generator.send, connections, 3);
    await autocannonRate(`${baseUrl}${QUERY}`, token, connections, 2);
    const cannon: number[] = [];
    const ours: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      cannon.push(await autocannonRate(`${baseUrl}${QUERY}`, token, connections, seconds));
      ours.push(await generatorRate(generator.send, connections, seconds));
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    rows.push([
      `load generator vs autocannon, same GET filter, ${connections} connections`,
      `${rounds} alternating rounds of ${seconds} s each, server in its own process`,
      `median: generator ${median(ours).toFixed(0)} req/s, autocannon ${median(cannon).toFixed(0)} req/s (${(median(ours) / median(cannon)).toFixed(2)}×)`,
      '',
      `≥ 0.8× autocannon: ${median(ours) / median(cannon) >= 0.8 ? 'met' : 'not met'}`,
    ]);
  } finally {
    await generator.close();
    await stop(child);
  }
}

function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

function request(method: string, path: string, body?: unknown, query = ''): ScimRequest {
  const result: ScimRequest = { method, path, query: new URLSearchParams(query), headers: { authorization: 'Bearer bench-token', 'content-type': 'application/scim+json' } };
  if (body !== undefined) result.body = body;
  return result;
}

export async function benchDirectoryAtScale(rows: Row[], users = 100_000, groups = 10_000, membersPerGroup = 10): Promise<void> {
  const handler = createScimHandler({ token: 'bench-token', baseUrl: 'http://bench/scim/v2' });
  const data = new TestData({ seed: 1, runId: 'benchdir' });
  const requests = new EntraRequests(profile, 'legacy', data);
  // The benchmark keeps almost nothing of its own (every 10th id, for members), so the heap growth is the server's.
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  for (let index = 0; index < users; index += 1) {
    const response = await handler(request('POST', '/Users', requests.createUser(data.user()).body));
    if (index % 10 === 0) ids.push((response.body as { id: string }).id);
  }
  collectGarbage();
  const afterUsers = process.memoryUsage().heapUsed;
  for (let index = 0; index < groups; index += 1) {
    const rendered = requests.createGroup(data.group());
    const response = await handler(request('POST', '/Groups', rendered.body));
    const id = (response.body as { id: string }).id;
    const members = Array.from({ length: membersPerGroup }, (_, k) => ({ value: ids[(index * 7919 + k * 104729) % ids.length] }));
    await handler(request('PATCH', `/Groups/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Add', path: 'members', value: members }] }));
  }
  collectGarbage();
  const afterGroups = process.memoryUsage().heapUsed;
  // The same seed gives the same users again: their names, generated outside the timed part.
  const again = new TestData({ seed: 1, runId: 'benchdir' });
  const names = Array.from({ length: users }, () => String(again.user().userName));
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const queries = 20_000;
  for (let index = -queries; index < queries; index += 1) {
    const name = names[(Math.abs(index) * 7919) % users] as string;
    const started = performance.now();
    const response = await handler(request('GET', '/Users', undefined, `filter=userName eq "${name}"`));
    const elapsed = performance.now() - started;
    if ((response.body as { totalResults: number }).totalResults !== 1) throw new Error(`no match for ${name}`);
    if (index >= 0) histogram.recordValue(Math.max(1, Math.round(elapsed * 1000)));
  }
  const groupHistogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  for (let index = 0; index < 5_000; index += 1) {
    const started = performance.now();
    await handler(request('GET', '/Groups', undefined, `excludedAttributes=members&filter=displayName eq "absent ${index}"`));
    groupHistogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
  }
  const micro = (h: hdr.Histogram, p: number): string => `${(h.getValueAtPercentile(p) / 1000).toFixed(3)} ms`;
  rows.push([`userName eq filter, ${users.toLocaleString('en-US')} users + ${groups.toLocaleString('en-US')} groups (handler, no HTTP)`, `${queries.toLocaleString('en-US')} queries after as many warm-up`, `p50 ${micro(histogram, 50)}, p99 ${micro(histogram, 99)}, max ${(histogram.maxValue / 1000).toFixed(2)} ms`, '', `p99 < 2 ms: ${histogram.getValueAtPercentile(99) < 2000 ? 'met' : 'not met'}`]);
  rows.push([`displayName eq filter (no match), same directory`, '5,000 queries', `p50 ${micro(groupHistogram, 50)}, p99 ${micro(groupHistogram, 99)}`, '', '']);
  rows.push([
    `reference server holding ${users.toLocaleString('en-US')} users (Entra create bodies) and ${groups.toLocaleString('en-US')} groups × ${membersPerGroup} members`,
    'heap after GC',
    '',
    `${((afterUsers - before) / 1024 / 1024 / (users / 10_000)).toFixed(1)} MiB per 10,000 users; groups ${((afterGroups - afterUsers) / 1024 / 1024).toFixed(0)} MiB; total ${((afterGroups - before) / 1024 / 1024).toFixed(0)} MiB`,
    '',
  ]);
}

export async function benchInitialCycle(rows: Row[], users = 10_000, groups = 100, membersPerGroup = 50, concurrency = 8): Promise<void> {
  const { baseUrl, token, child } = await startServerProcess();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
  try {
    const result = await runLoad({
      baseUrl, token, embedded: true, profile, dialect: 'legacy', timeoutMs: 60_000, seed: 42, concurrency, projectUsers: 50_000,
      shape: { users, groups, membersPerGroup, memberBatch: 1, cycles: ['initial'], changeFraction: 0.1, sample: 20 },
    });
    if (result.errors > 0 || result.consequences.length > 0 || result.leftovers.length > 0) throw new Error('the reference server should take a clean cycle');
    const query = result.operations.query!;
    rows.push([
      `initial cycle, ${users.toLocaleString('en-US')} users, ${groups} groups × ${membersPerGroup} members, unpaced, concurrency ${concurrency}`,
      `${result.requests.toLocaleString('en-US')} cycle requests (read-back and paging included), then the final sweep`,
      `cycle ${(result.cycleMs / 1000).toFixed(1)} s, ${result.requestsPerSecond.toFixed(0)} req/s, query p99 ${query.p99Ms.toFixed(2)} ms; sweep ${(result.cleanupMs / 1000).toFixed(1)} s`,
      `generator RSS ${(rssBefore / 1024 / 1024).toFixed(0)} → peak ${(rssPeak / 1024 / 1024).toFixed(0)} MiB`,
    ]);
  } finally {
    clearInterval(sampler);
    await stop(child);
  }
}
