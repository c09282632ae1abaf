/**
 * Whole-process measurement for the benchmarks: spawns a command, and reads back the wall time from spawn to
 * exit and the child's own peak RSS and CPU time. Used by scripts/bench.ts and scripts/bench-third-party.ts.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MIB = 1024 * 1024;

// The child reports its own peak RSS and CPU time on exit (getrusage), one line on stderr. CPU time is the
// steadier figure on a shared machine: wall time also counts the waits for a core other processes hold.
// No spaces: NODE_OPTIONS splits on them.
const REPORT_USAGE = `data:text/javascript,process.on('exit',()=>(u=>process.stderr.write('\\nbench-usage='+u.maxRSS+','+(u.userCPUTime+u.systemCPUTime)+'\\n'))(process.resourceUsage()))`;

export interface ProcessFigures {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  stdout: string;
}

/** `exitCodes`: the codes that count as a finished run (a conformance run against a non-conformant target exits 1). */
export function runProcess(command: readonly string[], env: NodeJS.ProcessEnv, exitCodes: readonly number[] = [0]): Promise<ProcessFigures> {
  const [executable, ...args] = command;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(executable!, args, { cwd: ROOT, env: { ...env, NODE_OPTIONS: `--import=${REPORT_USAGE}` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code === null || !exitCodes.includes(code)) return reject(new Error(`${command.join(' ')} exited with ${code}: ${stderr}`));
      // maxRSS is in KiB, CPU time in µs. tsx (BENCH_CLI on an older checkout) runs the CLI in a child of its
      // own: its peak is the larger, and CPU time is the sum.
      const reports = [...stderr.matchAll(/bench-usage=(\d+),(\d+)/g)].map((match) => ({ rss: Number(match[1]) * 1024, cpu: Number(match[2]) / 1000 }));
      resolve({ wallMs, cpuMs: reports.reduce((sum, report) => sum + report.cpu, 0), peakRssBytes: Math.max(0, ...reports.map((report) => report.rss)), stdout });
    });
  });
}

export interface Measured {
  medianMs: number;
  bestMs: number;
  medianCpuMs: number;
  peakRssBytes: number;
  last: ProcessFigures;
}

export async function measure(command: readonly string[], env: NodeJS.ProcessEnv, runs: number): Promise<Measured> {
  const figures: ProcessFigures[] = [];
  for (let index = 0; index < runs; index += 1) figures.push(await runProcess(command, env));
  const times = figures.map((figure) => figure.wallMs).sort((a, b) => a - b);
  const cpu = figures.map((figure) => figure.cpuMs).sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)]!,
    bestMs: times[0]!,
    medianCpuMs: cpu[Math.floor(cpu.length / 2)]!,
    peakRssBytes: Math.max(...figures.map((figure) => figure.peakRssBytes)),
    last: figures.at(-1)!,
  };
}

export function timing(measured: Measured): string {
  return `median ${ms(measured.medianMs)} (CPU ${ms(measured.medianCpuMs)}), best ${ms(measured.bestMs)}`;
}

export function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(0)} MiB`;
}
