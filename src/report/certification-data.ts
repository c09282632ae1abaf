/**
 * The certification report's view model, shared by the Markdown and HTML renderers. Every judgement a reader
 * sees (the verdict, per-dialect verdicts, the `?aadOptscim062020` advice, what a waiver means) is made here
 * once, so the two formats cannot disagree; the renderers only lay it out.
 */
import { AREAS, IMPACT_LABELS, LEVELS, type Area, type CaseStatus, type Dialect, type Level } from '../model/vocabulary.ts';
import { adviseDialect, dialectVerdicts, type DialectAdvice, type DialectVerdict } from './dialect-advice.ts';
import { formatValue, toExchangeView, type ExchangeView } from './exchange-view.ts';
import type { CaseResult, EntraVerdict, Leftover, RfcVerdict, RunResult, ServiceProviderSummary, StatusCounts } from '../model/result.ts';
import type { RootCause } from './root-causes.ts';
import { securityLine } from './security-findings.ts';
import { evaluateMicrosoftChecks, type MicrosoftChecks } from './microsoft-checks.ts';
import { specLink } from './spec-links.ts';
import { failingSummary, isWaivedFailure, optInNames, refLine, verdictLists } from './verdict.ts';

export type { DialectAdvice, DialectVerdict } from './dialect-advice.ts';

/** A case's status as the report shows it: the four outcomes, plus the two a baseline adds. */
export type DisplayStatus = CaseStatus | 'waived' | 'stale-waiver';

export interface SpecLinkView {
  tag: string;
  /** Short text for tables: `RFC 7644 §3.4.2`, `Entra ED-SCIM`. */
  label: string;
  /** Full title (the Microsoft page's name for ENTRA- tags). */
  title: string;
  url?: string;
}

export interface CaseView {
  /** Unique, valid as an HTML id: `case-usr-patch-01-legacy`. */
  anchor: string;
  id: string;
  name: string;
  level: Level;
  dialect: Dialect | 'any';
  status: CaseStatus;
  display: DisplayStatus;
  statusLabel: string;
  /** Shown with reason and exchanges expanded: anything but a clean pass (a stale waiver needs action too). */
  finding: boolean;
  reason?: string;
  /** Only for fail and error: what Entra does when it meets this failure, its kind and its source. */
  impact?: { label: string; text: string; source?: SpecLinkView };
  /** The check's RFC keyword, as its source words it. */
  keyword: { word: string; source: SpecLinkView };
  /** For a skip: the case that judges the precondition that failed. */
  rootCase?: string;
  fallbacks?: string[];
  /** For a failure with a hard identity: what kind of person it failed for (its class label). */
  identity?: string;
  waiver?: { reason: string; expires?: string; stale: boolean };
  expected?: string;
  actual?: string;
  spec: SpecLinkView[];
  durationMs: number;
  exchanges: ExchangeView[];
}

export interface AreaSection {
  area: Area;
  title: string;
  anchor: string;
  cases: CaseView[];
}

export interface CountsRow extends StatusCounts {
  total: number;
  /** Non-passing cases a baseline waives (a subset of fail/error/skip). */
  waived: number;
}

export interface CertificationView {
  header: {
    target: string;
    embedded: boolean;
    date: string;
    finishedAt: string;
    durationMs: number;
    suite: string;
    catalogueHash: string;
    /** Hash of the case runs that actually executed. */
    executedHash: string;
    /** `the whole catalogue`, or the `--only`/`--skip` that made the run partial. */
    selection: string;
    profile: string;
    dialects: Dialect[];
    seed: number;
    runId: string;
    strict: boolean;
    /** What decided the verdict: default (MUST), strict (MUST and SHOULD), or a read-only preflight. */
    mode: string;
    /** 429/503 answers the run waited out (Retry-After), when there were any. */
    throttled?: number;
    serviceProvider?: { rows: Array<[string, string]> } | { error: string };
  };
  verdict: {
    state: EntraVerdict;
    ready: boolean;
    headline: string;
    detail: string;
    rfc: { state: RfcVerdict; headline: string };
    /** `12 failing checks in 9 root causes: 7 block Entra, …` (verdict.ts). */
    failing: string;
    /** What was not verified, waived or failing, each as a titled list of case lines (verdict.ts `verdictLists`). */
    lists: Array<{ key: string; title: string; items: string[] }>;
  };
  /** Security findings (verdict model), one line each, worst first: shown above everything else. */
  security: string[];
  /** Microsoft's own checks (SCIM Validator, gallery validation, gallery requirements) judged from this run. */
  microsoft: MicrosoftChecks;
  /** Failures grouped by root cause, for the admin and for the target's vendor. */
  rootCauses: RootCause[];
  /** 429/503 answers as a finding with Entra's documented reaction, when there were any. */
  throttling?: string;
  counts: { levels: Array<{ level: Level } & CountsRow>; total: CountsRow };
  dialects: DialectVerdict[];
  advice: DialectAdvice;
  sections: AreaSection[];
  leftovers: Leftover[];
  aborted?: string;
}

const AREA_TITLES: Record<Area, string> = { connection: 'Connection', users: 'Users', groups: 'Groups' };

export function buildCertification(run: RunResult): CertificationView {
  const dialects = dialectVerdicts(run);
  const view: CertificationView = {
    header: buildHeader(run),
    verdict: buildVerdict(run),
    security: (run.verdict.security ?? []).map(securityLine),
    microsoft: evaluateMicrosoftChecks(run),
    counts: { levels: LEVELS.map((level) => ({ level, ...run.verdict.counts.byLevel[level] })), total: run.verdict.counts.total },
    dialects,
    advice: adviseDialect(run, dialects),
    sections: buildSections(run.cases),
    leftovers: run.leftovers,
    rootCauses: run.verdict.rootCauses,
  };
  if (run.summary.throttled) {
    view.throttling =
      `The target answered 429 or 503 ${run.summary.throttled} time(s) during this run. Entra logs these as TooManyRequests and retries the object later, ` +
      'and a target that throttles Entra steadily can push the job into quarantine; size the target for at least 25 requests per second per tenant (Microsoft\'s gallery figure) rather than rely on 429.';
  }
  if (run.aborted) view.aborted = run.aborted;
  return view;
}

/** A failure the baseline accepts (the verdict's own rule, so report and verdict cannot disagree). */
export const isWaived = isWaivedFailure;

function buildHeader(run: RunResult): CertificationView['header'] {
  const header: CertificationView['header'] = {
    target: run.target.url,
    embedded: run.target.embedded,
    date: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    suite: `${run.tool.name} ${run.tool.version}`,
    catalogueHash: run.catalogueHash,
    profile: run.profileHash === undefined ? run.profile : `${run.profile} (mapping hash ${run.profileHash})`,
    dialects: run.dialects,
    seed: run.seed,
    runId: run.runId,
    strict: run.strict,
    mode: run.readOnly
      ? 'read-only preflight (GET-only cases)'
      : run.strict
        ? 'strict (SHOULD failures count)'
        : 'default (MUST failures count)',
    selection: selectionText(run),
    executedHash: run.executedHash,
  };
  if (run.summary.throttled) header.throttled = run.summary.throttled;
  if (run.serviceProviderConfig) header.serviceProvider = summariseServiceProvider(run.serviceProviderConfig);
  return header;
}

function selectionText(run: RunResult): string {
  const parts = [run.selection.only.length > 0 ? `--only ${run.selection.only.join(',')}` : '', run.selection.skip.length > 0 ? `--skip ${run.selection.skip.join(',')}` : ''].filter(Boolean);
  if (parts.length > 0) return `partial: ${parts.join(' ')}`;
  if (run.verdict.notRun?.length) return `the whole catalogue except the opt-in ${optInNames(run.verdict.notRun)}`;
  return run.selection.withOptIn === true ? 'the whole catalogue, opt-in cases included' : 'the whole catalogue';
}

function summariseServiceProvider(config: ServiceProviderSummary): { rows: Array<[string, string]> } | { error: string } {
  if ('error' in config) return { error: config.error };
  const yesNo = (flag: boolean): string => (flag ? 'supported' : 'not supported');
  const filter = config.filter && config.filterMaxResults !== undefined ? `supported (maxResults ${config.filterMaxResults})` : yesNo(config.filter);
  return {
    rows: [
      ['PATCH', yesNo(config.patch)],
      ['Filter', filter],
      ['Bulk', yesNo(config.bulk)],
      ['Sort', yesNo(config.sort)],
      ['ETag', yesNo(config.etag)],
      ['Change password', yesNo(config.changePassword)],
      ['Authentication schemes', config.authenticationSchemes.join(', ') || 'none advertised'],
    ],
  };
}

const RFC_HEADLINES: Record<RfcVerdict, string> = {
  conformant: 'RFC 7643/7644: conformant (every check whose keyword the RFCs state passed)',
  'not-conformant': 'RFC 7643/7644: not conformant',
  incomplete: 'RFC 7643/7644: incomplete (not every RFC check was verified)',
};

/** The verdict block: decided in verdict.ts; here only put into words. */
function buildVerdict(run: RunResult): CertificationView['verdict'] {
  const v = run.verdict;
  const lists = verdictLists(v, run.baseline)
    .filter((list) => list.refs.length > 0)
    .map((list) => ({ key: list.key, title: list.title, items: list.refs.map(refLine) }));
  const detail = v.reasons.map((reason) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`).join(' ');
  return {
    state: v.entra,
    ready: v.entra === 'ready',
    headline: v.headline,
    detail,
    failing: `${failingSummary(v.counts).replace(/^./, (first) => first.toUpperCase())}.`,
    rfc: { state: v.rfc, headline: RFC_HEADLINES[v.rfc] },
    lists,
  };
}

/** Areas in catalogue order; cases within an area in the order they ran. */
function buildSections(cases: readonly CaseResult[]): AreaSection[] {
  const used = new Set<string>();
  return AREAS.map((area) => ({
    area,
    title: AREA_TITLES[area],
    anchor: `area-${area}`,
    cases: cases.filter((c) => c.area === area).map((c) => toCaseView(c, uniqueAnchor(c, used))),
  }));
}

function uniqueAnchor(result: CaseResult, used: Set<string>): string {
  const base = `case-${result.id}${result.dialect === 'any' ? '' : `-${result.dialect}`}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  let anchor = base;
  for (let n = 2; used.has(anchor); n += 1) anchor = `${base}-${n}`;
  used.add(anchor);
  return anchor;
}

function toCaseView(result: CaseResult, anchor: string): CaseView {
  const display = displayStatus(result);
  const view: CaseView = {
    anchor,
    id: result.id,
    name: result.name,
    level: result.level,
    dialect: result.dialect,
    status: result.status,
    display,
    statusLabel: statusLabel(result, display),
    finding: display !== 'pass',
    spec: result.spec.map(toSpecLinkView),
    keyword: { word: result.keyword.word, source: toSpecLinkView(result.keyword.source) },
    durationMs: result.durationMs,
    exchanges: result.exchanges.map((exchange, index) => toExchangeView(exchange, index + 1)),
  };
  if (result.reason !== undefined) view.reason = result.reason;
  if (result.status === 'fail' || result.status === 'error') {
    view.impact = { label: IMPACT_LABELS[result.impact.kind], text: result.impact.text };
    if (result.impact.source !== undefined) view.impact.source = toSpecLinkView(result.impact.source);
  }
  if (result.rootCase !== undefined) view.rootCase = result.rootCase;
  if (result.fallbacks !== undefined) view.fallbacks = result.fallbacks;
  if (result.identity !== undefined) view.identity = result.identity.label;
  if (result.waiver) {
    view.waiver = { reason: result.waiver.reason, stale: result.waiver.stale === true };
    if (result.waiver.expires !== undefined) view.waiver.expires = result.waiver.expires;
  }
  if (result.expected !== undefined) view.expected = formatValue(result.expected);
  if (result.actual !== undefined) view.actual = formatValue(result.actual);
  return view;
}

function displayStatus(result: CaseResult): DisplayStatus {
  if (result.waiver?.stale === true && result.status === 'pass') return 'stale-waiver';
  if (isWaived(result)) return 'waived';
  return result.status;
}

function statusLabel(result: CaseResult, display: DisplayStatus): string {
  if (display === 'stale-waiver') return 'STALE WAIVER';
  if (display === 'waived') return `WAIVED ${result.status.toUpperCase()}`;
  return result.status.toUpperCase();
}

export function toSpecLinkView(tag: string): SpecLinkView {
  const link = specLink(tag);
  return link.url === undefined ? { tag, label: link.label, title: link.title } : { tag, label: link.label, title: link.title, url: link.url };
}

