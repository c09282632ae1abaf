/**
 * Triage of Entra's provisioning logs: failures grouped by error code and the target's `Web Response` text
 * (values that differ per object, such as ids, names and dates, are masked so one cause is one group), each
 * group with its likely root cause and the cases that reproduce it (`run --only …`), unknown codes listed as
 * such; and what Entra does with that many failures, by the rules of src/load/consequences.ts.
 */
import { catalogue } from '../cases/catalogue.ts';
import { QUARANTINE, quarantineReason, type EventCounts } from '../load/consequences.ts';
import { specLink } from '../report/spec-links.ts';
import { casesFor, KNOWN_ERROR_CODES, QA_SOURCES } from './error-codes.ts';
import type { LogEntry } from './read-logs.ts';

export interface TriageGroup {
  errorCode: string;
  /** The Web Response with per-object values masked, or the status code when no body was quoted. */
  webResponse: string;
  count: number;
  /** Distinct objects failing (an object failing every cycle is one escrowed object). */
  objects: number;
  actions: string[];
  known: boolean;
  cause?: string;
  cases: string[];
  command?: string;
  sources: { tag: string; url?: string }[];
  example: { id: string; activityDateTime?: string; reason?: string };
}

export interface Triage {
  events: number;
  failures: number;
  skipped: number;
  groups: TriageGroup[];
  unknownCodes: string[];
  consequences: string[];
}

const KNOWN_CASE_IDS = new Set(catalogue.map((testCase) => testCase.id));

export function triage(entries: readonly LogEntry[]): Triage {
  const failures = entries.filter((entry) => entry.status === 'failure');
  const byKey = new Map<string, { errorCode: string; webResponse: string; entries: LogEntry[] }>();
  for (const entry of failures) {
    const errorCode = entry.errorCode ?? '(no error code)';
    const webResponse = entry.webResponse !== undefined ? maskValues(entry.webResponse) : entry.statusCode !== undefined ? `StatusCode: ${entry.statusCode}` : '(no Web Response in the log)';
    const key = `${errorCode}\u0000${webResponse}`;
    const group = byKey.get(key) ?? { errorCode, webResponse, entries: [] };
    group.entries.push(entry);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()].map(groupOf).sort((a, b) => b.count - a.count || a.errorCode.localeCompare(b.errorCode));
  const unknownCodes = [...new Set(groups.filter((group) => !group.known).map((group) => group.errorCode))];
  return {
    events: entries.length,
    failures: failures.length,
    skipped: entries.filter((entry) => entry.status === 'skipped').length,
    groups,
    unknownCodes,
    consequences: consequencesOf(entries, failures),
  };
}

function groupOf(group: { errorCode: string; webResponse: string; entries: LogEntry[] }): TriageGroup {
  const known = KNOWN_ERROR_CODES[group.errorCode];
  const actions = [...new Set(group.entries.map((entry) => entry.action))];
  const cases = known === undefined ? [] : [...new Set(actions.flatMap((action) => casesFor(known, action)))].filter((id) => KNOWN_CASE_IDS.has(id));
  const first = group.entries[0]!;
  return {
    errorCode: group.errorCode,
    webResponse: group.webResponse,
    count: group.entries.length,
    objects: new Set(group.entries.map((entry) => entry.objectId ?? entry.id)).size,
    actions,
    known: known !== undefined,
    ...(known === undefined ? {} : { cause: known.cause }),
    cases,
    ...(cases.length > 0 ? { command: `scim-conformance run --only ${cases.join(',')}` } : {}),
    sources: (known?.sources ?? []).map((tag) => ({ tag, ...urlOf(tag) })),
    example: { id: first.id, ...(first.activityDateTime ? { activityDateTime: first.activityDateTime } : {}), ...(first.reason ? { reason: first.reason } : {}) },
  };
}

function urlOf(tag: string): { url?: string } {
  const url = QA_SOURCES[tag] ?? specLink(tag).url;
  return url === undefined ? {} : { url };
}

/** Per-object values in a Web Response (ids, e-mail addresses, quoted names, dates, numbers) become `…`. */
export function maskValues(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<email>')
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g, '<date>')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escrow and quarantine from the log's own counts, by the rules load uses (src/load/consequences.ts). */
function consequencesOf(entries: readonly LogEntry[], failures: readonly LogEntry[]): string[] {
  const credentials = failures.filter((entry) => KNOWN_ERROR_CODES[entry.errorCode ?? '']?.credentials === true).length;
  const counts: EventCounts = { events: entries.length, failed: failures.length, referenceEvents: 0, referenceFailed: 0, query404: 0, credentials };
  const lines: string[] = [];
  const reason = quarantineReason(counts);
  if (reason !== undefined) lines.push(`Quarantine (EncounteredEscrowProportionThreshold): ${reason} [ED-QUAR].`);
  else if (failures.length > 0) {
    lines.push(
      `No escrow-threshold quarantine from these counts: ${failures.length} failure(s) of ${entries.length} event(s); Entra evaluates the threshold from ${QUARANTINE.evaluateFrom.toLocaleString('en-US')} failures on (then more than ${QUARANTINE.proportion * 100} % of events, or more than ${QUARANTINE.failures.toLocaleString('en-US')} failures) [ED-QUAR].`,
    );
  }
  const objects = new Set(failures.map((entry) => entry.objectId ?? entry.id)).size;
  if (objects > 0) {
    lines.push(`Escrow: ${objects} object(s) failing; Entra retries each 6 h, 12 h and 24 h after the first failure, then daily, and disables the job 28 days after the first failure if it still fails [ED-QUAR "Retry duration"].`);
  }
  if (credentials > 0) lines.push(`${credentials} failure(s) refused the credentials: Entra quarantines the job for invalid credentials (EncounteredQuarantineException) whatever the counts [ED-QUAR].`);
  return lines;
}

export function renderTriage(result: Triage): string {
  const lines = [`${result.events} provisioning event(s): ${result.failures} failed, ${result.skipped} skipped.`];
  if (result.groups.length === 0) lines.push('', 'No failures to triage.');
  result.groups.forEach((group, index) => {
    lines.push('', `${index + 1}. ${group.errorCode} × ${group.count} (${group.objects} object(s); ${group.actions.join(', ')})`);
    lines.push(`   Web Response: ${group.webResponse.length > 300 ? `${group.webResponse.slice(0, 297)}...` : group.webResponse}`);
    if (!group.known) lines.push('   Unknown error code: not in the codes Microsoft documents; not guessed.');
    else {
      lines.push(`   Likely cause: ${group.cause}`);
      if (group.command) lines.push(`   Reproduce: ${group.command}`);
      else lines.push('   Reproduce: no case sends this (see `scim-conformance load` for timeouts and throttling)');
      lines.push(`   Source: ${group.sources.map((source) => (source.url ? `${source.tag} (${source.url})` : source.tag)).join(', ')}`);
    }
    lines.push(`   Example: event ${group.example.id}${group.example.activityDateTime ? ` at ${group.example.activityDateTime}` : ''}`);
  });
  if (result.unknownCodes.length > 0) lines.push('', `Unknown error codes (listed, not guessed): ${result.unknownCodes.join(', ')}`);
  if (result.consequences.length > 0) lines.push('', 'What Entra does with this:', ...result.consequences.map((line) => `  - ${line}`));
  return `${lines.join('\n')}\n`;
}
