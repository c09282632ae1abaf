/**
 * What the terminal shows while a load run goes: on a TTY one live bar with the phase, rate, errors and ETA,
 * redrawn at most five times a second; elsewhere (CI) a plain line every `intervalMs`.
 */
import type { LoadProgress } from './runner.ts';

export interface LoadProgressOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Plain-line interval off a TTY (default 10 s). */
  intervalMs?: number;
  now?: () => number;
}

export interface LoadProgressView {
  update(progress: LoadProgress): void;
  finish(): void;
}

const BAR = 24;

/** Below this, a rate (and an ETA from it) says more about start-up than about the target: shown as —. */
export const MIN_RATE_WINDOW_MS = 3_000;
const MIN_RATE_REQUESTS = 20;

export function describeProgress(progress: LoadProgress): string {
  const elapsedMs = progress.phaseElapsedMs ?? progress.elapsedMs;
  const measurable = elapsedMs >= MIN_RATE_WINDOW_MS && progress.done >= MIN_RATE_REQUESTS;
  const rate = measurable ? progress.done / (elapsedMs / 1000) : undefined;
  const remaining = Math.max(0, progress.planned - progress.done);
  const eta = rate !== undefined && rate > 0 ? `ETA ${duration(remaining / rate)}` : 'ETA —';
  const share = progress.planned === 0 ? 1 : Math.min(1, progress.done / progress.planned);
  const errors = progress.phase === 'cleanup' ? '' : ` | ${progress.errors.toLocaleString('en-US')} errors`;
  return `${progress.phase.padEnd(12)} ${progress.done.toLocaleString('en-US')}/${progress.planned.toLocaleString('en-US')} requests (${(share * 100).toFixed(0)} %) | ${rate === undefined ? '—' : rate.toFixed(0)} req/s${errors} | ${eta}`;
}

export function createLoadProgress(options: LoadProgressOptions): LoadProgressView {
  const now = options.now ?? (() => performance.now());
  const live = options.out.isTTY === true;
  const interval = live ? 200 : (options.intervalMs ?? 10_000);
  let last = Number.NEGATIVE_INFINITY;
  let lastPhase = '';
  let latest: LoadProgress | undefined;
  const draw = (progress: LoadProgress): void => {
    if (live) {
      const share = progress.planned === 0 ? 1 : Math.min(1, progress.done / progress.planned);
      const filled = Math.round(share * BAR);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${describeProgress(progress)}`;
      options.out.write(`\r\x1b[2K${line.slice(0, Math.max(20, (options.out.columns ?? 120) - 1))}`);
    } else options.out.write(`${describeProgress(progress)}\n`);
  };
  return {
    update(progress) {
      latest = progress;
      const t = now();
      // A new phase is always shown; otherwise at most one line per interval.
      if (t - last < interval && progress.phase === lastPhase) return;
      last = t;
      lastPhase = progress.phase;
      draw(progress);
    },
    finish() {
      if (latest !== undefined && !live) draw(latest);
      if (live) options.out.write('\r\x1b[2K');
    },
  };
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
