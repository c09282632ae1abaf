/**
 * The case model. A case is plain data (id, level, name, spec tags, fixtures) plus one `run` function that
 * sends fixtures through a CaseContext and asserts on the answers. Runners (the CLI, vitest) consume it.
 */
import type { CaseContext } from './context.ts';

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

/** Entra's two PATCH dialects: the default `scim` job, and the SCIM-compliant one behind `?aadOptscim062020`. */
export const DIALECTS = ['legacy', 'compliant'] as const;
export type Dialect = (typeof DIALECTS)[number];

export type Area = 'connection' | 'users' | 'groups';
export const AREAS: readonly Area[] = ['connection', 'users', 'groups'];

/** Names start with their level, so a name alone says how much a failure matters. */
export type CaseName = `${Level} ${string}`;

/**
 * - `once`: what is sent does not depend on the dialect; runs a single time.
 * - `each`: runs once per selected dialect, with that dialect's fixtures (`{dialect}` in a fixture id).
 * - a dialect name: a form only that dialect sends.
 */
export type DialectScope = 'once' | 'each' | Dialect;

export interface ConformanceCase {
  /** Stable, never reused. Reports, baselines and issues refer to it. */
  id: string;
  level: Level;
  name: CaseName;
  area: Area;
  /** Spec tags, e.g. `RFC7644-3.4.2`, `ENTRA-ED-SCIM`; turned into links by src/report/spec-links.ts. */
  spec: readonly string[];
  dialects: DialectScope;
  /** Fixture ids the case sends; `{dialect}` is replaced by the dialect it runs in. */
  fixtures: readonly string[];
  /** What Entra does when it meets this failure (reference §4.4), shown in the certification report. */
  entraImpact: string;
  /**
   * Runs only for profiles that map this attribute: Entra sends nothing for an attribute the admin did not
   * map, so for other targets the case does not apply (and is not planned).
   */
  requiresMapping?: { kind: 'user' | 'group'; path: string };
  run(context: CaseContext): Promise<void>;
}

export type CaseStatus = 'pass' | 'fail' | 'error' | 'skip';

/** The server is non-conformant: its answer is not what Entra needs. The only source of `fail`. */
export class ConformanceFailure extends Error {
  constructor(
    reason: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
  ) {
    super(reason);
    this.name = 'ConformanceFailure';
  }
}

/** The case cannot run here (a precondition failed or the target lacks a capability). */
export class CaseSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CaseSkipped';
  }
}

/** The target answered something that is not SCIM at all (HTML, garbage), or the harness broke: `error`. */
export class TargetBroken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetBroken';
  }
}
