/**
 * The engine bench (part of npm run bench, section `engine`): the same multi-tenant scenario (tenants arriving at
 * once, each one sequence of Entra's requests, unpaced) through the native load runner and through the exported
 * Artillery test on the pinned Artillery (engines/artillery), against the reference server in its own process.
 * Requests per second over the tenants' cycles, and the generating process's CPU time and peak RSS. Printed,
 * never asserted; skipped with a note when engines/artillery is not installed.
 */
import { join } from 'node:path';
import { loadResultFromArtillery, type ArtilleryReport } from '../src/load/artillery/from-report.ts';
import { writeArtilleryTest, ARTILLERY_SCRIPT, ARTILLERY_VERSION } from '../src/load/artillery/export.ts';
import type { LoadShape } from '../src/load/scenario.ts';
import { ARTILLERY_BIN, artilleryInstalled, settingsFor } from '../test/engine/artillery-harness.ts';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, mib, runProcess } from './bench-process.ts';
import { startServerProcess, stop } from './bench-load.ts';

type Row = string[];

export async function benchEngine(rows: Row[], tenants = 4, shape: LoadShape = { users: 200, groups: 10, membersPerGroup: 20, memberBatch: 1, cycles: ['initial', 'incremental'], changeFraction: 0.1, sample: 20 }): Promise<void> {
  if (!artilleryInstalled()) {
    rows.push(['native load vs Artillery', 'skipped: engines/artillery is not installed (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix engines/artillery)', '', '', '']);
    return;
  }
  const scenario = `${tenants} tenants × (${shape.users} users, ${shape.groups} groups × ${shape.membersPerGroup} members, initial + incremental), unpaced, one request at a time per tenant`;
  for (let round = 0; round < 2; round += 1) {
    {
      const { baseUrl, token, child } = await startServerProcess();
      try {
        const figures = await runProcess([process.execPath, 'scripts/bench-engine-native.mjs', baseUrl, token, String(tenants), JSON.stringify(shape)], process.env);
        const result = JSON.parse(figures.stdout) as { requests: number; cycleMs: number; leftovers: number };
        if (result.leftovers > 0) throw new Error('the native runs left objects behind');
        rows.push([`native load, round ${round + 1}`, scenario, `${result.requests} requests in ${(result.cycleMs / 1000).toFixed(1)} s: ${(result.requests / (result.cycleMs / 1000)).toFixed(0)} req/s; whole process ${(figures.wallMs / 1000).toFixed(1)} s, CPU ${(figures.cpuMs / 1000).toFixed(1)} s`, `peak RSS ${mib(figures.peakRssBytes)}`, '']);
      } finally {
        await stop(child);
      }
    }
    {
      const { baseUrl, token, child } = await startServerProcess();
      try {
        const dir = mkdtempSync(join(tmpdir(), 'scim-bench-artillery-'));
        const settings = settingsFor(baseUrl, shape, { tenants, arrivalSeconds: 1, tokenEnv: 'SCIM_BENCH_TOKEN', ledgerDir: join(dir, 'ledgers') });
        writeArtilleryTest(dir, settings);
        mkdirSync(join(dir, 'node_modules'));
        symlinkSync(ROOT, join(dir, 'node_modules', 'scim-conformance'), 'dir');
        const figures = await runArtilleryProcess(dir, token);
        const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ArtilleryReport;
        const result = loadResultFromArtillery(report, settings);
        if (result.interrupted || result.leftovers.length > 0) throw new Error(`the Artillery run did not finish cleanly: ${result.interrupted ?? 'leftovers'}`);
        rows.push([`Artillery ${ARTILLERY_VERSION} (exported test), round ${round + 1}`, scenario, `${result.requests} requests in ${(result.cycleMs / 1000).toFixed(1)} s: ${result.requestsPerSecond.toFixed(0)} req/s; whole process ${(figures.wallMs / 1000).toFixed(1)} s, CPU ${(figures.cpuMs / 1000).toFixed(1)} s`, `peak RSS ${mib(figures.peakRssBytes)}`, '']);
      } finally {
        await stop(child);
      }
    }
  }
}

function runArtilleryProcess(dir: string, token: string): ReturnType<typeof runProcess> {
  // runProcess runs in the repository; Artillery must run in the bundle's directory: `--output` and the script are absolute.
  return runProcess([ARTILLERY_BIN, 'run', '--quiet', '--output', join(dir, 'report.json'), join(dir, ARTILLERY_SCRIPT)], { ...process.env, SCIM_BENCH_TOKEN: token, ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1' });
}
