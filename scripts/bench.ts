/**
 * Benchmarks (npm run bench): speed and memory are measured here, never asserted in timed tests.
 * 1. A full run of the suite against the embedded reference server, both dialects: wall time, requests, memory.
 * 2. The reference server's indexed lookups: userName filter latency as the directory grows.
 * 3. Group membership changes: cost of adding/removing members as the group grows (should not grow with it).
 * Prints a Markdown table; the README keeps the latest figures.
 */
import { createScimHandler } from '../src/server/app.ts';
import type { ScimHandler, ScimRequest } from '../src/server/types.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import { runSuite } from '../src/runner/run-suite.ts';
import { startReferenceServer } from '../src/server/http.ts';

const TOKEN = 'bench-token';
const rows: string[][] = [];

function request(method: string, path: string, body?: unknown, query = ''): ScimRequest {
  const result: ScimRequest = { method, path, query: new URLSearchParams(query), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' } };
  if (body !== undefined) result.body = body;
  return result;
}

async function benchFullRun(runs: number): Promise<void> {
  const times: number[] = [];
  let cases = 0;
  let exchanges = 0;
  let peakRss = 0;
  for (let index = 0; index < runs; index += 1) {
    const server = await startReferenceServer({ token: TOKEN });
    const started = performance.now();
    const run = await runSuite({
      baseUrl: server.baseUrl, token: TOKEN, embedded: true, profile: loadProfile('akamai-eaa'),
      dialects: ['legacy', 'compliant'], timeoutMs: 10_000, seed: 42 + index,
    });
    times.push(performance.now() - started);
    cases = run.cases.length;
    exchanges = run.cases.reduce((sum, result) => sum + result.exchanges.length, 0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await server.close();
    if (run.verdict.entra !== 'ready') throw new Error('the reference server should pass every case');
  }
  times.sort((a, b) => a - b);
  rows.push(['full suite vs embedded server (both dialects)', `${cases} cases, ${exchanges} case requests`, `median ${ms(times[Math.floor(times.length / 2)]!)}, best ${ms(times[0]!)} over ${runs} runs`, `peak RSS ${mb(peakRss)}`]);
}

async function seedUsers(handler: ScimHandler, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await handler(request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `user${index}@example.com` }));
    ids.push(String((response.body as { id: string }).id));
  }
  return ids;
}

async function benchFilter(sizes: number[]): Promise<void> {
  for (const size of sizes) {
    const handler = createScimHandler({ token: TOKEN, baseUrl: 'http://bench/scim/v2' });
    await seedUsers(handler, size);
    const queries = 2000;
    let started = 0;
    // The first pass warms the JIT up; only the second is timed.
    for (let index = -queries; index < queries; index += 1) {
      if (index === 0) started = performance.now();
      const name = `USER${(Math.abs(index) * 7919) % size}@EXAMPLE.COM`;
      const response = await handler(request('GET', '/Users', undefined, `filter=userName eq "${name}"`));
      if ((response.body as { totalResults: number }).totalResults !== 1) throw new Error(`no match for ${name}`);
    }
    rows.push([`userName eq filter, ${size} users`, `${queries} queries`, `${((performance.now() - started) / queries * 1000).toFixed(1)} µs/query`, '']);
  }
}

async function benchMembers(sizes: number[]): Promise<void> {
  for (const size of sizes) {
    const handler = createScimHandler({ token: TOKEN, baseUrl: 'http://bench/scim/v2' });
    const ids = await seedUsers(handler, size + 1);
    const group = await handler(request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'big' }));
    const groupId = (group.body as { id: string }).id;
    const add = (values: string[]) => handler(request('PATCH', `/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Add', path: 'members', value: values.map((value) => ({ value })) }] }));
    await add(ids.slice(0, size));
    const extra = ids[size]!;
    const rounds = 500;
    let started = 0;
    // The first pass warms the JIT up; only the second is timed.
    for (let index = -rounds; index < rounds; index += 1) {
      if (index === 0) started = performance.now();
      await add([extra]);
      await handler(request('PATCH', `/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: `members[value eq "${extra}"]` }] }));
    }
    rows.push([`member add + remove, group of ${size}`, `${rounds} pairs`, `${((performance.now() - started) / rounds / 2 * 1000).toFixed(1)} µs/PATCH`, '']);
  }
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

await benchFullRun(5);
await benchFilter([100, 10_000]);
await benchMembers([100, 10_000]);
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| benchmark | work | time | memory |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
