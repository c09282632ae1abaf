/**
 * Before/after, interleaved (`tsx scripts/bench-paired.ts OTHER_CHECKOUT [runs]`): the full run against the
 * embedded server, whole process, this checkout's dist/cli.js and another's alternately, so a change in
 * the machine's load falls on both alike. Prints medians of wall time, CPU time and peak RSS, and the load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, mib, ms, runProcess, type ProcessFigures } from './bench-process.ts';

const other = process.argv[2];
const runs = Number(process.argv[3] ?? 6);
if (other === undefined) throw new Error('usage: tsx scripts/bench-paired.ts OTHER_CHECKOUT [runs]');
const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
const checkouts: [string, string][] = [['other', join(other, 'dist/cli.js')], ['this', join(ROOT, 'dist/cli.js')]];
const figures = new Map<string, ProcessFigures[]>(checkouts.map(([name]) => [name, []]));
const loads: string[] = [loadavg()[0]!.toFixed(1)];
for (let round = 0; round < runs; round += 1) {
  for (const [name, cli] of checkouts) {
    const reportDir = mkdtempSync(join(tmpdir(), 'scim-paired-'));
    try {
      figures.get(name)!.push(await runProcess([process.execPath, cli, 'run', '--seed', '42', '--report-dir', reportDir], env));
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  }
  loads.push(loadavg()[0]!.toFixed(1));
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [name] of checkouts) {
  const list = figures.get(name)!;
  console.log(`${name}: wall median ${ms(median(list.map((f) => f.wallMs)))} (best ${ms(Math.min(...list.map((f) => f.wallMs)))}), CPU median ${ms(median(list.map((f) => f.cpuMs)))}, peak RSS median ${mib(median(list.map((f) => f.peakRssBytes)))} max ${mib(Math.max(...list.map((f) => f.peakRssBytes)))}`);
}
console.log(`${runs} rounds, embedded server, without NODE_EXTRA_CA_CERTS; 1-min load average per round: ${loads.join(' ')}`);
