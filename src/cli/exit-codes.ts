/** Documented exit codes of the command (README "Exit codes"). */
export const EXIT = {
  /** No MUST case failed or errored (with --strict, no SHOULD case either). */
  conformant: 0,
  nonConformant: 1,
  /** Bad flags, variables or files. */
  usage: 2,
  /** The target was unreachable or refused the credentials before any case ran. */
  unreachable: 3,
} as const;

/** Interrupted runs exit as shells expect (128 + signal number), after cleanup and reports. */
export const EXIT_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
