/**
 * SIGINT/SIGTERM during a run or a load: the first one stops it (the in-flight request is aborted, what was
 * created is deleted, reports are written), a second one quits at once with the signal's exit code.
 */
import { EXIT_SIGNAL } from './exit-codes.ts';

export interface Interrupt {
  signal: AbortSignal;
  /** Stops listening for the signals. */
  dispose(): void;
}

/** `writing`: what the command still writes after the first signal ("reports", "the report"). */
export function listenForInterrupt(writing: string): Interrupt {
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) process.exit(EXIT_SIGNAL[signal] ?? 130);
    process.stderr.write(`\nInterrupted (${signal}): stopping, deleting what this run created and writing ${writing} (${signal === 'SIGINT' ? 'press Ctrl-C again' : 'signal again'} to quit now)\n`);
    interrupt.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: interrupt.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
