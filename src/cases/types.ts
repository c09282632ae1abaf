/**
 * The case model. A case is plain data (id, level, name, spec tags, fixtures) plus one `run` function that
 * sends fixtures through a CaseContext and asserts on the answers. Runners (the CLI, vitest) consume it.
 */
import type { CaseContext } from './context.ts';
import type { Profile } from '../profiles/profile.ts';

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
  /**
   * The request whose answer the check judges (its root cause when it fails), when it is not the last write
   * among `fixtures` (see judgedFixture in catalogue.ts): e.g. the GET of a read case.
   */
  judges?: string;
  /** The RFC 2119 keyword of the check, in its source's own word; `level` is derived from it (a meta test keeps them equal). */
  keyword: Keyword;
  /** What Entra does when it meets this failure (reference §4.4), shown in the certification report. */
  impact: EntraImpact;
  /**
   * Runs only for profiles where this holds: what is not about attribute paths (which attribute Entra
   * matches on, a custom attribute to fill in). A case whose PATCH fixtures would keep no operation for a
   * profile's mapping does not apply to it anyway: that is derived from the fixtures (applicability.ts).
   */
  appliesTo?: (profile: Profile) => boolean;
  run(context: CaseContext): Promise<void>;
}

/**
 * The word a source uses for a requirement (RFC 2119 and Microsoft's prose alike), and the level it means:
 * REQUIRED/MUST/SHALL → MUST, SHOULD/RECOMMENDED → SHOULD, MAY/OPTIONAL → MAY.
 */
export const KEYWORD_LEVELS = {
  MUST: 'MUST',
  REQUIRED: 'MUST',
  SHALL: 'MUST',
  SHOULD: 'SHOULD',
  RECOMMENDED: 'SHOULD',
  MAY: 'MAY',
  OPTIONAL: 'MAY',
} as const satisfies Record<string, Level>;
export type KeywordWord = keyof typeof KEYWORD_LEVELS;

export interface Keyword {
  /** The source's own word, upper-cased (Microsoft writes "must" in prose; it still counts as MUST). */
  word: KeywordWord;
  /** Spec tag of the sentence that carries the word, e.g. `RFC7644-3.12` or `ENTRA-ED-SCIM`. */
  source: string;
}

export function levelOf(keyword: Keyword): Level {
  return KEYWORD_LEVELS[keyword.word];
}

/**
 * What Entra does with a wrong answer, from a small closed set. "Ready for Entra" is decided by it:
 * - `test-connection-fails`, `quarantine`, `retried-every-cycle`, `data-silently-wrong`: a failure blocks Ready;
 * - `none-known`: a cited source says Entra does not act on it, so only RFC conformance is affected;
 * - `unknown`: no source says either way, so the RFC keyword decides (a MUST failure blocks Ready).
 */
export const IMPACT_KINDS = ['test-connection-fails', 'quarantine', 'retried-every-cycle', 'data-silently-wrong', 'none-known', 'unknown'] as const;
export type EntraImpactKind = (typeof IMPACT_KINDS)[number];

export const IMPACT_LABELS: Record<EntraImpactKind, string> = {
  'test-connection-fails': 'Test Connection fails',
  quarantine: 'the job is quarantined',
  'retried-every-cycle': 'the operation fails and is retried every cycle',
  'data-silently-wrong': 'target data is silently wrong',
  'none-known': 'none known',
  unknown: 'unknown',
};

export interface EntraImpact {
  kind: EntraImpactKind;
  /** What Entra does when it meets this failure, in one or two sentences about that failure. */
  text: string;
  /** Spec tag of the Microsoft page (or capture) that says so; absent only for `unknown`. */
  source?: string;
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

/**
 * The case cannot be judged here: a precondition failed (`rootCase` names the case that judges it), or the
 * target shows nothing the check could observe. Never a pass: the verdict counts it as not verified.
 */
export class CaseSkipped extends Error {
  constructor(
    reason: string,
    readonly rootCase?: string,
  ) {
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
