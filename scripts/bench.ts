/**
 * Benchmarks (npm run bench): speed and memory are measured here, never asserted in timed tests.
 * 1. Whole-process, as a user meets them: `--help`, `list`, and a full run against the embedded reference
 *    server (both dialects, the default reports), each a fresh `node dist/cli.js` (BENCH_CLI overrides the command,
 *    e.g. to measure an older checkout). Wall time from spawn to exit; peak RSS reported by the child itself.
 *    Node's own start (`node -e 0`) is measured alongside, as the floor. When NODE_EXTRA_CA_CERTS is set,
 *    Node parses that bundle at every start, so the rows are repeated without it.
 *    Then the same full run against a real third-party server, SCIMMY, in its own process
 *    (scripts/bench-third-party.ts): request rate next to the fastest peer tool's. Then time to verdict
 *    against SCIMMY behind a proxy adding 50 ms per round trip (`remote`), with the run's critical path.
 * 2. A full run in this process (warm): the runner and the reference server without start-up.
 * 3. The reference server's indexed lookups: userName filter latency as the directory grows.
 * 4. Group membership changes: cost of adding/removing members as the group grows (should not grow with it).
 * Prints a Markdown table with the goals of issue 13; docs/benchmarks.md keeps the latest figures.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScimHandler } from '../src/server/app.ts';
import type { ScimHandler, ScimRequest } from '../src/server/types.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import type { RunResult } from '../src/model/result.ts';
import { configure } from '../src/config.ts';
import { runSuite } from '../src/runner/run-suite.ts';
import { startReferenceServer } from '../src/server/http.ts';
import { MIB, ROOT, measure, mib, ms, timing } from './bench-process.ts';
import { benchRemote, benchThirdParty } from './bench-third-party.ts';
import { benchDirectoryAtScale, benchGeneratorVsAutocannon, benchInitialCycle } from './bench-load.ts';
import { benchEngine } from './bench-engine.ts';
import { REPORT_FORMATS } from '../src/report/write-reports.ts';

const TOKEN = 'bench-token';
const rows: string[][] = [];

function verdict(value: number, goal: number): string {
  return value < goal ? 'met' : 'not met';
}

async function benchProcesses(label: string, env: NodeJS.ProcessEnv): Promise<void> {
  const cli = (process.env.BENCH_CLI ?? `${process.execPath} dist/cli.js`).split(' ');
  if (process.env.BENCH_CLI === undefined && !existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const node = await measure([process.execPath, '-e', '0'], env, 10);
  rows.push([`\`node -e 0\` (Node's own start)${label}`, '10 processes', timing(node), `peak RSS ${mib(node.peakRssBytes)}`, '']);

  const help = await measure([...cli, '--help'], env, 10);
  rows.push([`\`--help\`${label}`, '10 processes', timing(help), `peak RSS ${mib(help.peakRssBytes)}`, `< 150 ms: ${verdict(help.medianMs, 150)}`]);

  const list = await measure([...cli, 'list'], env, 10);
  rows.push([`\`list\`${label}`, '10 processes', timing(list), `peak RSS ${mib(list.peakRssBytes)}`, `< 150 ms: ${verdict(list.medianMs, 150)}`]);

  const reportDir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  try {
    const full = await measure([...cli, 'run', '--seed', '42', '--report-dir', reportDir], env, 5);
    const run = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResult;
    if (run.verdict.entra !== 'ready') throw new Error('the reference server should pass every case');
    const requests = run.cases.reduce((sum, result) => sum + result.exchanges.length, 0);
    rows.push([
      `full run vs embedded server, whole process${label}`,
      `${run.cases.length} cases, ${requests} case requests, ${REPORT_FORMATS.length} reports (the default formats)`,
      `${timing(full)} over 5 runs`,
      `peak RSS ${mib(full.peakRssBytes)}`,
      `< 1 s: ${verdict(full.medianMs, 1000)}; < 100 MiB: ${verdict(full.peakRssBytes / MIB, 100)}`,
    ]);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function request(method: string, path: string, body?: unknown, query = ''): ScimRequest {
  const result: ScimRequest = { method, path, query: new URLSearchParams(query), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' } };
  if (body !== undefined) result.body = body;
  return result;
}

async function benchFullRunInProcess(runs: number): Promise<void> {
  const times: number[] = [];
  let cases = 0;
  let exchanges = 0;
  for (let index = 0; index < runs; index += 1) {
    const server = await startReferenceServer({ token: TOKEN });
    const started = performance.now();
    const run = await runSuite(configure({ baseUrl: server.baseUrl, token: TOKEN, embedded: true, profile: loadProfile('akamai-eaa'), dialects: ['legacy', 'compliant'], timeoutMs: 10_000, seed: 42 + index }));
    times.push(performance.now() - started);
    cases = run.cases.length;
    exchanges = run.cases.reduce((sum, result) => sum + result.exchanges.length, 0);
    await server.close();
    if (run.verdict.entra !== 'ready') throw new Error('the reference server should pass every case');
  }
  times.sort((a, b) => a - b);
  rows.push(['full run vs embedded server, in this process (no start-up)', `${cases} cases, ${exchanges} case requests`, `median ${ms(times[Math.floor(times.length / 2)]!)}, best ${ms(times[0]!)} over ${runs} runs`, '', '']);
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
    rows.push([`userName eq filter, ${size} users`, `${queries} queries`, `${((performance.now() - started) / queries * 1000).toFixed(1)} µs/query`, '', '']);
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
    rows.push([`member add + remove, group of ${size}`, `${rounds} pairs`, `${((performance.now() - started) / rounds / 2 * 1000).toFixed(1)} µs/PATCH`, '', '']);
  }
}

// BENCH_ONLY=processes,third-party (the section names below) measures only those, e.g. while working on one.
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const wanted = (section: string): boolean => only === undefined || only.includes(section);
// Whole-process rows first, before this process has warmed or grown.
if (wanted('processes')) {
  await benchProcesses('', process.env);
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const { NODE_EXTRA_CA_CERTS: _unused, ...withoutExtraCas } = process.env;
    await benchProcesses(', without NODE_EXTRA_CA_CERTS', withoutExtraCas);
  }
}
if (wanted('third-party')) await benchThirdParty(rows);
if (wanted('remote')) await benchRemote(rows);
if (wanted('in-process')) await benchFullRunInProcess(5);
if (wanted('server')) {
  await benchFilter([100, 10_000]);
  await benchMembers([100, 10_000]);
}
// The load benchmarks (scripts/bench-load.ts): generator vs autocannon, a 10,000-user initial cycle, the directory at 100,000 users.
// `autocannon` alone: only the generator-vs-autocannon rounds.
if (wanted('load') || wanted('autocannon')) await benchGeneratorVsAutocannon(rows);
if (wanted('load')) {
  await benchInitialCycle(rows);
  await benchDirectoryAtScale(rows);
}
// The same multi-tenant scenario through the native runner and the exported Artillery test (scripts/bench-engine.ts).
if (wanted('engine')) await benchEngine(rows);
const load = loadavg().map((value) => value.toFixed(1)).join(' ');
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load average ${load}${process.env.BENCH_CLI ? `, CLI: ${process.env.BENCH_CLI}` : ''}\n`);
console.log('| benchmark | work | time | memory | goal |\n|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
