/**
 * The certification report's view model, shared by the Markdown and HTML renderers. Every judgement a reader
 * sees (the verdict, per-dialect verdicts, the `?aadOptscim062020` advice, what a waiver means) is made here
 * once, so the two formats cannot disagree; the renderers only lay it out.
 */
import { AREAS, LEVELS, type Area, type CaseStatus, type Dialect, type Level } from '../cases/types.ts';
import { adviseDialect, dialectVerdicts, type DialectAdvice, type DialectVerdict } from './dialect-advice.ts';
import { formatValue, toExchangeView, type ExchangeView } from './exchange-view.ts';
import type { CaseResult, Leftover, RunResult, ServiceProviderSummary, StatusCounts } from './model.ts';
import { specLink } from './spec-links.ts';

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
  /** Only for fail and error: what Entra does when it meets this failure. */
  entraImpact?: string;
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
  verdict: { ready: boolean; headline: string; detail: string };
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
    counts: buildCounts(run.cases),
    dialects,
    advice: adviseDialect(run, dialects),
    sections: buildSections(run.cases),
    leftovers: run.leftovers,
  };
  if (run.aborted) view.aborted = run.aborted;
  return view;
}

export function isWaived(result: CaseResult): boolean {
  return result.waiver !== undefined && result.waiver.stale !== true && result.status !== 'pass';
}

function buildHeader(run: RunResult): CertificationView['header'] {
  const header: CertificationView['header'] = {
    target: run.target.url,
    embedded: run.target.embedded,
    date: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    suite: `${run.tool.name} ${run.tool.version}`,
    catalogueHash: run.catalogueHash,
    profile: run.profile,
    dialects: run.dialects,
    seed: run.seed,
    runId: run.runId,
    strict: run.strict,
    mode: run.readOnly
      ? 'read-only preflight (GET-only cases)'
      : run.strict
        ? 'strict (SHOULD failures count)'
        : 'default (MUST failures count)',
  };
  if (run.summary.throttled) header.throttled = run.summary.throttled;
  if (run.serviceProviderConfig) header.serviceProvider = summariseServiceProvider(run.serviceProviderConfig);
  return header;
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

/** The headline follows `run.conformant` alone; the detail explains what decided it. */
function buildVerdict(run: RunResult): CertificationView['verdict'] {
  const blocking = (level: Level): number =>
    run.cases.filter((c) => c.level === level && (c.status === 'fail' || c.status === 'error') && !isWaived(c)).length;
  const waived = run.cases.filter(isWaived).length;
  const stale = run.cases.filter((c) => c.waiver?.stale === true).length;
  // Outside strict mode SHOULD failures decide nothing, but the reader should still hear about them.
  const warnings = run.strict ? '' : blocking('SHOULD') > 0 ? ` ${plural(blocking('SHOULD'), 'SHOULD case')} failed or errored (warnings).` : '';
  if (run.conformant && run.readOnly) {
    return {
      ready: true,
      headline: 'Read-only preflight passed (not a certification)',
      detail: `Only the ${plural(run.cases.length, 'GET-only case')} ran, and none failed. Run without --read-only for a verdict on Entra provisioning.${warnings}`,
    };
  }
  if (run.conformant) {
    const parts = [`No MUST case failed or errored${run.strict ? ', nor any SHOULD case (strict mode)' : ''}`];
    if (waived > 0) parts.push(`${plural(waived, 'known deviation')} waived by the baseline`);
    return { ready: true, headline: 'Ready for Entra provisioning', detail: `${parts.join('; ')}.${warnings}` };
  }
  const reasons: string[] = [];
  const must = blocking('MUST');
  if (must > 0) reasons.push(`${plural(must, 'MUST case')} failed or errored`);
  if (run.strict && blocking('SHOULD') > 0) reasons.push(`${plural(blocking('SHOULD'), 'SHOULD case')} failed or errored (strict mode)`);
  if (stale > 0) reasons.push(`${plural(stale, 'baseline waiver')} now pass${stale === 1 ? 'es' : ''} and must be removed from the baseline`);
  if (run.aborted) reasons.push(`the run stopped early (${run.aborted})`);
  if (reasons.length === 0) reasons.push('the run is marked not conformant');
  const first = reasons.join('; ');
  return { ready: false, headline: 'Not ready', detail: `${first.charAt(0).toUpperCase()}${first.slice(1)}.${warnings}` };
}

function buildCounts(cases: readonly CaseResult[]): CertificationView['counts'] {
  const row = (subset: readonly CaseResult[]): CountsRow => {
    const counts: CountsRow = { total: subset.length, pass: 0, fail: 0, error: 0, skip: 0, waived: 0 };
    for (const result of subset) {
      counts[result.status] += 1;
      if (isWaived(result)) counts.waived += 1;
    }
    return counts;
  };
  return {
    levels: LEVELS.map((level) => ({ level, ...row(cases.filter((c) => c.level === level)) })),
    total: row(cases),
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
    durationMs: result.durationMs,
    exchanges: result.exchanges.map((exchange, index) => toExchangeView(exchange, index + 1)),
  };
  if (result.reason !== undefined) view.reason = result.reason;
  if (result.status === 'fail' || result.status === 'error') view.entraImpact = result.entraImpact;
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
  const label = tag.startsWith('ENTRA-') ? `Entra ${tag.slice('ENTRA-'.length)}` : link.title;
  return link.url === undefined ? { tag, label, title: link.title } : { tag, label, title: link.title, url: link.url };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
