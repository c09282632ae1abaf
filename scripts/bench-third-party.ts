/**
 * Part of `npm run bench`: the full suite, whole-process (`node dist/cli.js run`, unpaced), against a real
 * third-party SCIM server, SCIMMY (scripts/scimmy-target.ts), in a process of its own, as a user would run
 * it against their own server on this machine. The server counts the requests it answers, so the request
 * rate counts every request of a run (preflight, cases, their cleanup, the final sweep), as the peer
 * tools' figures do. One case at a time and several at a time are measured, interleaved, and their outcomes compared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunResult } from '../src/model/result.ts';
import { MIB, ROOT, mib, ms, runProcess, type ProcessFigures } from './bench-process.ts';

/** scim2-tester 0.2.8 against SCIMMY on loopback, as issue 24 measured it: about 690 requests in 3.7 s (issue 13: 4.2 s). */
const PEER_RATE = 187;
/** Runs per setting (BENCH_THIRD_PARTY_RUNS) and the `--concurrency` settings compared (BENCH_CONCURRENCY, e.g. `1,8`). */
const RUNS = Number(process.env.BENCH_THIRD_PARTY_RUNS ?? 5);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,4,8').split(',').map(Number);

interface Target {
  baseUrl: string;
  token: string;
  child: ChildProcess;
}

async function startScimmy(): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/scimmy-target.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { ...(JSON.parse(line) as { baseUrl: string; token: string }), child };
}

/** Requests the server has answered and CPU time it has used so far. */
async function serverCounters(target: Target): Promise<{ requests: number; cpuMs: number }> {
  const response = await fetch(new URL('/bench/requests', target.baseUrl));
  return (await response.json()) as { requests: number; cpuMs: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What a run concluded, case by case: two runs that agree here gave the same report. */
function outcomes(run: RunResult): string {
  return JSON.stringify({ verdict: run.verdict.entra, rfc: run.verdict.rfc, cases: run.cases.map((result) => `${result.id} ${result.dialect ?? ''} ${result.status}`).sort() });
}

interface Measured {
  figures: ProcessFigures[];
  requests: number[];
  serverCpuMs: number[];
  run?: RunResult;
}

/**
 * One run of the full suite with these settings (`--rate 0 --concurrency N` unless given), against the
 * target or a way to it (`baseUrl`: the delaying proxy); throws when it left anything on the target.
 */
async function measureRun(target: Target, settings: readonly string[], into: Measured, baseUrl = target.baseUrl): Promise<void> {
  const described = settings.length === 0 ? "default settings" : settings.join(" ");
  // BENCH_CLI, as in scripts/bench.ts: another checkout's CLI, for before/after figures.
  const cli = [...(process.env.BENCH_CLI ?? `${process.execPath} dist/cli.js`).split(' '), 'run', '--base-url', baseUrl, '--seed', '42', ...settings];
  const reportDir = mkdtempSync(join(tmpdir(), 'scim-bench-third-party-'));
  try {
    const before = await serverCounters(target);
    // Exit 1: the target is not ready for Entra; that is a finding, not a failed measurement.
    into.figures.push(await runProcess([...cli, '--report-dir', reportDir], { ...process.env, SCIM_TOKEN: target.token }, [0, 1]));
    const after = await serverCounters(target);
    // The counters request is answered before the counting middleware: not counted.
    into.requests.push(after.requests - before.requests);
    into.serverCpuMs.push(after.cpuMs - before.cpuMs);
    const run = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResult;
    if (into.run !== undefined && outcomes(into.run) !== outcomes(run)) throw new Error(`two runs against SCIMMY with ${described} disagree`);
    if (run.leftovers.length > 0) throw new Error(`a run left ${run.leftovers.length} resources on SCIMMY`);
    into.run = run;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function row(label: string, measured: Measured): string[] {
  const { figures, requests, serverCpuMs } = measured;
  const run = measured.run!;
  const rates = figures.map((figure, index) => requests[index]! / (figure.wallMs / 1000));
  const rate = median(rates);
  const peak = Math.max(...figures.map((figure) => figure.peakRssBytes));
  const { pass, fail, error, skip } = run.summary;
  return [
    label,
    `${run.cases.length} cases, ${median(requests)} requests; ${pass} pass, ${fail} fail, ${error} error, ${skip} skip (${run.verdict.entra})`,
    `median ${ms(median(figures.map((figure) => figure.wallMs)))} (CPU ${ms(median(figures.map((figure) => figure.cpuMs)))}) over ${RUNS} runs: ${rate.toFixed(0)} requests/s (scim2-tester: ${PEER_RATE}); SCIMMY's own CPU ${ms(median(serverCpuMs))}`,
    `peak RSS ${mib(peak)}`,
    `≥ ${2 * PEER_RATE} requests/s: ${rate >= 2 * PEER_RATE ? 'met' : 'not met'}; < 100 MiB: ${peak / MIB < 100 ? 'met' : 'not met'}`,
  ];
}

export async function benchThirdParty(rows: string[][], concurrencies: readonly number[] = CONCURRENCIES): Promise<void> {
  const target = await startScimmy();
  if (concurrencies.length === 0) return stopScimmy(target);
  try {
    const measured = concurrencies.map((concurrency): [number, Measured] => [concurrency, { figures: [], requests: [], serverCpuMs: [] }]);
    // Interleaved, so that a change in the machine's load falls on every setting alike.
    for (let round = 0; round < RUNS; round += 1) {
      for (const [concurrency, into] of measured) await measureRun(target, ['--rate', '0', '--concurrency', String(concurrency)], into);
    }
    for (const [concurrency, result] of measured) {
      const same = outcomes(result.run!) === outcomes(measured[0]![1].run!) ? '' : ' (outcomes differ from one at a time!)';
      rows.push(row(`full run vs SCIMMY 1.3.5 (scimmy-routers, express, in-memory store), own process, \`--concurrency ${concurrency}\`${same}`, result));
    }
  } finally {
    await stopScimmy(target);
  }
}

function stopScimmy(target: Target): Promise<void> {
  return new Promise<void>((resolve) => {
    target.child.once('exit', () => resolve());
    target.child.stdin?.end();
  });
}

/** scim2-tester against SCIMMY behind the same 50 ms proxy, as issue 24 measured it: 690 requests in 39.9 s. */
const PEER_REMOTE = { requests: 690, seconds: 39.9 };
/** Round trip the proxy adds (BENCH_ROUND_TRIP_MS), and runs per remote setting (BENCH_REMOTE_RUNS). */
const ROUND_TRIP_MS = Number(process.env.BENCH_ROUND_TRIP_MS ?? 50);
const REMOTE_RUNS = Number(process.env.BENCH_REMOTE_RUNS ?? 3);

/**
 * Time to verdict against a remote-like target: SCIMMY behind a proxy adding ROUND_TRIP_MS to every round
 * trip (scripts/delay-proxy.ts). Unpaced at 1 and 8 cases at a time, and with default settings (paced at
 * Entra's 25 requests per second, the default concurrency), interleaved. Each row gives the requests
 * SCIMMY answered, the wall time, the critical path the run computed (results.json `schedule`) and what it
 * costs at this round trip: no schedule finishes faster.
 */
export async function benchRemote(rows: string[][]): Promise<void> {
  const target = await startScimmy();
  const { startDelayProxy } = await import('./delay-proxy.ts');
  const proxy = await startDelayProxy(target.baseUrl, ROUND_TRIP_MS);
  try {
    const settings: [string, string[], Measured][] = [
      ['unpaced, `--concurrency 1`', ['--rate', '0', '--concurrency', '1'], { figures: [], requests: [], serverCpuMs: [] }],
      ['unpaced, `--concurrency 8`', ['--rate', '0', '--concurrency', '8'], { figures: [], requests: [], serverCpuMs: [] }],
      // The highest concurrency a run allows: whether more requests in flight still shorten the wait at 50 ms.
      ['unpaced, `--concurrency 16`', ['--rate', '0', '--concurrency', '16'], { figures: [], requests: [], serverCpuMs: [] }],
      ['default settings (25 requests/s, 8 cases at a time)', [], { figures: [], requests: [], serverCpuMs: [] }],
    ];
    for (let round = 0; round < REMOTE_RUNS; round += 1) {
      for (const [, args, into] of settings) await measureRun(target, args, into, proxy.baseUrl);
    }
    const peerRate = PEER_REMOTE.requests / PEER_REMOTE.seconds;
    for (const [label, , measured] of settings) {
      const run = measured.run!;
      const wallMs = median(measured.figures.map((figure) => figure.wallMs));
      const requests = median(measured.requests);
      const rate = requests / (wallMs / 1000);
      const criticalPath = run.schedule?.criticalPath ?? Number.NaN;
      const floorMs = criticalPath * ROUND_TRIP_MS;
      const paced = label.startsWith('default');
      rows.push([
        `full run vs SCIMMY behind a ${ROUND_TRIP_MS} ms round trip, ${label}`,
        `${run.cases.length} cases, ${requests} requests; critical path ${criticalPath} requests (${(floorMs / 1000).toFixed(1)} s at ${ROUND_TRIP_MS} ms)`,
        `time to verdict median ${ms(wallMs)} over ${REMOTE_RUNS} runs (${(wallMs / floorMs).toFixed(1)}× the critical path): ${rate.toFixed(0)} requests/s (scim2-tester: ${PEER_REMOTE.requests} in ${PEER_REMOTE.seconds} s, ${peerRate.toFixed(1)}/s: ${(rate / peerRate).toFixed(1)}×, verdict ${(PEER_REMOTE.seconds * 1000 / wallMs).toFixed(1)}× sooner)`,
        `peak RSS ${mib(Math.max(...measured.figures.map((figure) => figure.peakRssBytes)))}`,
        paced
          ? `≤ 15 s: ${wallMs <= 15_000 ? 'met' : 'not met'}`
          : `≥ 5× peer: ${rate >= 5 * peerRate ? 'met' : 'not met'}; within 2× the critical path: ${wallMs <= 2 * floorMs ? 'met' : 'not met'}`,
      ]);
    }
  } finally {
    await proxy.close();
    await stopScimmy(target);
  }
}
