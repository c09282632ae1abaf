/** Documented exit codes of the command (docs/reports.md "Exit codes"). */
export const EXIT = {
  /** Ready for Entra provisioning (or Not ready only through waived known deviations). */
  ready: 0,
  /** Not ready: a check Entra depends on failed, or a waiver went stale. */
  notReady: 1,
  /** Bad flags, variables or files. */
  usage: 2,
  /** The target was unreachable, not a SCIM endpoint at that path, or refused the credentials before any case ran. */
  unreachable: 3,
  /** Incomplete: something that decides readiness was not verified (selection, read-only, skipped or errored checks). */
  incomplete: 4,
  /** A bug of this tool (an error nothing anticipated): one line, the stack with SCIM_CONFORMANCE_DEBUG=1. */
  internal: 70,
} as const;

/** Interrupted runs exit as shells expect (128 + signal number), after cleanup and reports. */
export const EXIT_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
