/**
 * What the terminal shows while a run goes: on a TTY one live line (current case, running tallies); in CI
 * plain lines, one per case; under GitHub Actions an annotation for every failing case as well.
 */
import type pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;
import type { Dialect } from '../model/vocabulary.ts';
import type { CaseResult } from '../model/result.ts';
import { decodeQueries } from '../report/readable-request.ts';

export interface ProgressOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  colors: Colors;
  githubActions: boolean;
  total: number;
  now?: () => number;
  /** The baseline's reason when it waives this case run: its line then says WAIVED, not FAIL (a pass stays PASS). */
  waiverFor?: (result: CaseResult) => string | undefined;
}

export interface Progress {
  caseStarted(id: string, dialect: Dialect | undefined): void;
  caseDone(result: CaseResult): void;
  /** The final cleanup, a phase of its own: on a TTY a live line, elsewhere a line when it starts, every few seconds, and when it ends. */
  cleanup(done: number, total: number): void;
  finish(): void;
  /**
   * The run's final results: a case shown as skipped whose root case passed was reconciled into a failure of
   * its own (src/runner/reconcile-skips.ts), so its line is printed again with the status that stands.
   */
  settled(results: readonly CaseResult[]): void;
}

/** Off a TTY, at most one cleanup line per this many milliseconds between its first and last. */
const PLAIN_CLEANUP_INTERVAL_MS = 5_000;

export function createProgress(options: ProgressOptions): Progress {
  const tallies = { pass: 0, fail: 0, error: 0, skip: 0, waived: 0 };
  const shown = new Map<string, CaseResult['status']>();
  let done = 0;
  const now = options.now ?? (() => performance.now());
  let cleanupStarted: number | undefined;
  let cleanupLastLine = 0;
  const live = options.out.isTTY === true;
  const { colors } = options;
  const clearLine = (): void => {
    if (live) options.out.write('\r\x1b[2K');
  };
  return {
    caseStarted(id, dialect) {
      if (!live) return;
      const width = Math.max(40, (options.out.columns ?? 100) - 1);
      const line =
        `[${done + 1}/${options.total}] ${colors.green(`${tallies.pass} passed`)}, ${colors.red(`${tallies.fail} failed`)}, ` +
        `${tallies.error} errors, ${tallies.skip} skipped${tallies.waived > 0 ? `, ${tallies.waived} waived` : ''} | ${id}${dialect ? ` [${dialect}]` : ''}`;
      clearLine();
      options.out.write(line.slice(0, width + (line.length - stripAnsi(line).length)));
    },
    caseDone(result) {
      done += 1;
      shown.set(label(result), result.status);
      const waiver = result.status === 'pass' ? undefined : options.waiverFor?.(result);
      if (waiver === undefined) tallies[result.status] += 1;
      else tallies.waived += 1;
      if (!live || ((result.status === 'fail' || result.status === 'error') && waiver === undefined)) {
        clearLine();
        const word = waiver === undefined ? statusWord(result, colors) : colors.yellow('WAIVED');
        const why = result.reason && result.status !== 'pass' ? `: ${result.reason}` : '';
        options.out.write(`${word} ${label(result)}${why}${waiver === undefined ? '' : ` (baseline: ${waiver})`}\n`);
      }
      if (options.githubActions && waiver === undefined && (result.status === 'fail' || result.status === 'error')) {
        options.out.write(`${githubAnnotation(result)}\n`);
      }
    },
    cleanup(sent, total) {
      const t = now();
      const first = cleanupStarted === undefined;
      cleanupStarted ??= t;
      const last = sent >= total;
      const seconds = ((t - cleanupStarted) / 1000).toFixed(1);
      const line = last
        ? `cleanup: done, ${sent} requests in ${seconds} s (deleted what the run created, then checked it is gone)`
        : `cleanup ${sent}/${total} requests (${Math.round((sent / total) * 100)} %): deleting what the run created, then checking it is gone`;
      if (live) {
        clearLine();
        options.out.write(last ? `${line}\n` : line);
      } else if (first || last || t - cleanupLastLine >= PLAIN_CLEANUP_INTERVAL_MS) {
        cleanupLastLine = t;
        options.out.write(`${line}\n`);
      }
    },
    finish() {
      clearLine();
    },
    settled(results) {
      for (const result of results) {
        const before = shown.get(label(result));
        if (before === undefined || before === result.status) continue;
        const waiver = result.status === 'pass' ? undefined : options.waiverFor?.(result);
        const word = waiver === undefined ? statusWord(result, colors) : colors.yellow('WAIVED');
        options.out.write(`${word} ${label(result)}: ${result.reason ?? result.status} (shown as ${before.toUpperCase()} while the run went)\n`);
        if (options.githubActions && waiver === undefined && (result.status === 'fail' || result.status === 'error')) options.out.write(`${githubAnnotation(result)}\n`);
      }
    },
  };
}

function label(result: CaseResult): string {
  return `${result.id}${result.dialect === 'any' ? '' : ` [${result.dialect}]`} ${result.name}`;
}

function statusWord(result: CaseResult, colors: Colors): string {
  const word = result.status.toUpperCase().padEnd(5);
  if (result.status === 'pass') return colors.green(word);
  if (result.status === 'fail') return colors.red(word);
  if (result.status === 'error') return colors.magenta(word);
  return colors.yellow(word);
}

/** A GitHub Actions workflow command: MUST cases as errors, the rest as warnings; filters shown decoded. */
export function githubAnnotation(result: CaseResult): string {
  const kind = result.level === 'MUST' ? 'error' : 'warning';
  const title = escapeProperty(`${result.id}${result.dialect === 'any' ? '' : ` [${result.dialect}]`} (${result.level})`);
  return `::${kind} title=${title}::${escapeData(`${result.name}: ${decodeQueries(result.reason ?? result.status)}`)}`;
}

/** After a baseline is applied: a waived case is a notice (known and accepted), a stale waiver an error. */
export function baselineAnnotations(results: readonly CaseResult[]): string[] {
  return results.flatMap((result) => {
    if (!result.waiver) return [];
    const title = escapeProperty(`${result.id}${result.dialect === 'any' ? '' : ` [${result.dialect}]`} (${result.level})`);
    return result.waiver.stale
      ? [`::error title=${title}::${escapeData(`stale waiver: the case passes now; remove it from the baseline (${result.waiver.reason})`)}`]
      : result.status === 'pass'
        ? []
        : [`::notice title=${title}::${escapeData(`waived by the baseline: ${result.waiver.reason}`)}`];
  });
}

// Escaping rules of GitHub's workflow commands (toolkit/core command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
