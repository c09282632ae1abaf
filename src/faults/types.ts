/**
 * The shape of a server variant: plain data (name, why it matters, where it comes from, which cases must
 * catch it) plus a factory for the middleware that realises it around the conformant reference core.
 * A factory, not a single wrapper, because some faults remember ids between requests and every server
 * started with the fault must begin with empty memory.
 */
import type { ScimMiddleware } from '../server/types.ts';

/** Where a fault comes from: a pitfall row of the wire reference (§7), a section of it, or a Q&A/issue report. */
export type FaultSource = `reference §7 #${number}` | `reference §${string}` | `issue ${string}` | `Q&A ${string}`;

export interface FaultVariant {
  /** Stable, kebab-case; what `serve --fault NAME` and reports use. */
  name: string;
  /** What the server does wrong and why that breaks real Entra provisioning. */
  description: string;
  source: FaultSource;
  /** Case ids that must end `fail` against this fault (a subset of what fails; the matrix shows the rest). */
  caughtBy: readonly string[];
  /** A fresh middleware per server (around the SCIM core). */
  middleware: () => ScimMiddleware;
  /** A fresh middleware around the server's OAuth token endpoint (src/server/token-endpoint.ts), for faults there. */
  tokenMiddleware?: () => ScimMiddleware;
  /**
   * The profile the fault is judged under when it is not the default (akamai-eaa): a fault in an attribute
   * the default profile never maps cannot break that target, so it is proven where Entra does send it.
   */
  profile?: string;
  /** The `--only` selection the fault is judged under, for a fault only an opt-in case (ConformanceCase.optIn) can catch. */
  only?: readonly string[];
  /**
   * Set when no case ends `fail` against the fault today: why, and what case would. The detection test
   * then asserts the gap is still there, so whoever closes it is told to move the fault to `caughtBy`.
   */
  gap?: string;
  /**
   * Set when no check can observe the fault at all (caughtBy is empty): the verdict the run must reach
   * instead, so such a target is never called Ready.
   */
  verdict?: 'incomplete';
}

/** A conformant-but-unusual server: every case must pass against it. */
export interface ToleratedVariant {
  name: string;
  description: string;
  /** The RFC text that allows the behaviour, e.g. `RFC 7644 §3.5.2`. */
  rfc: string;
  tolerated: true;
  middleware: () => ScimMiddleware;
}
