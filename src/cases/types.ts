/**
 * The case model. A case is plain data (id, level, name, spec tags, fixtures) plus one `run` function that
 * sends fixtures through a CaseContext and asserts on the answers. Runners (the CLI, vitest) consume it.
 */
import type { CaseContext } from './context.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Area, Dialect, EntraImpact, Keyword, Level } from '../model/vocabulary.ts';

// A facade for case authors: the shared vocabulary and outcomes live on the ground floor (src/model/), and a
// case file imports them together with the case model from here. Code outside src/cases/ imports src/model/.
export {
  AREAS,
  DIALECTS,
  IMPACT_KINDS,
  IMPACT_LABELS,
  KEYWORD_LEVELS,
  LEVELS,
  levelOf,
  type Area,
  type CaseStatus,
  type Dialect,
  type EntraImpact,
  type EntraImpactKind,
  type Keyword,
  type KeywordWord,
  type Level,
} from '../model/vocabulary.ts';
export { CaseSkipped, ConformanceFailure, TargetBroken } from '../model/outcomes.ts';

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
  /**
   * Set for a case too costly for every run (it would grow a full run's requests past its budget): why.
   * It is planned only when `--only` names it (its id, or an id prefix such as `LIFE-`), never by default.
   */
  optIn?: string;
  /** Judges the token endpoint: planned only when the run authenticates with OAuth client credentials. */
  needsClientCredentials?: boolean;
  run(context: CaseContext): Promise<void>;
}
