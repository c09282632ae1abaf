/**
 * The vocabulary every room shares: levels, dialects, areas, RFC keywords, Entra impacts and the four
 * outcomes of a case. Plain data and types; the case model (src/cases/types.ts) and the result model
 * (result.ts) are both written in it.
 */

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

/** Entra's two PATCH dialects: the default `scim` job, and the SCIM-compliant one behind `?aadOptscim062020`. */
export const DIALECTS = ['legacy', 'compliant'] as const;
export type Dialect = (typeof DIALECTS)[number];

export type Area = 'connection' | 'users' | 'groups';
export const AREAS: readonly Area[] = ['connection', 'users', 'groups'];

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

/** pass; fail (the server is non-conformant); error (the harness, the network or the target broke); skipped. */
export type CaseStatus = 'pass' | 'fail' | 'error' | 'skip';
