/**
 * Reads Entra's provisioning logs into one flat shape. Two inputs are read:
 * - Microsoft Graph `GET /auditLogs/provisioning` (List provisioningObjectSummary): a collection object whose
 *   `value` holds provisioningObjectSummary objects; each failure's `provisioningStatusInfo.errorInformation`
 *   (provisioningErrorInfo) carries `errorCode`, `errorCategory`, `reason`, `additionalDetails` and
 *   `recommendedAction`. The beta shape's deprecated `statusInfo` is read too.
 *   (learn.microsoft.com/graph/api/provisioningobjectsummary-list, resources/provisioningobjectsummary,
 *   resources/provisioningstatusinfo, resources/provisioningerrorinfo)
 * - The admin center's "Download" as JSON (howto-analyze-provisioning-logs): the same objects, read as a
 *   top-level array; `@odata.nextLink` pages saved one after another in an array of collections are read too.
 * The target's answer is quoted in the failure text as `Web Response: {…}` (concept-provisioning-logs); it is
 * taken from wherever it appears (reason, additional details, a provisioning step's details).
 */
import { readFileSync } from 'node:fs';

export interface LogEntry {
  id: string;
  activityDateTime?: string;
  /** create, update, delete, stagedDelete, disable, other (Graph's provisioningAction). */
  action: string;
  status: 'success' | 'failure' | 'skipped' | 'warning' | string;
  errorCode?: string;
  errorCategory?: string;
  reason?: string;
  /** The target object's kind as Entra names it: User, Group… */
  targetType?: string;
  /** Source object id: one object failing every cycle is one escrowed object, not many. */
  objectId?: string;
  /** The text after `Web Response:` (the target's answer body), when the log quotes one. */
  webResponse?: string;
  /** `StatusCode: Conflict` style status Entra prints before the web response. */
  statusCode?: string;
}

export class TriageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageInputError';
  }
}

export function readProvisioningLogs(file: string): LogEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TriageInputError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new TriageInputError(`${file}: not JSON (the admin center's JSON download or a Graph /auditLogs/provisioning answer is expected; the CSV download is not read)`);
  }
  const objects = summaries(data);
  if (objects === undefined) throw new TriageInputError(`${file}: no provisioning events found (expected a JSON array of them, or Graph's { "value": [...] })`);
  return objects.map((object, index) => entryOf(object, index));
}

function summaries(data: unknown): Record<string, unknown>[] | undefined {
  const isSummary = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && ('provisioningStatusInfo' in value || 'statusInfo' in value || 'provisioningAction' in value || 'action' in value);
  if (Array.isArray(data)) {
    if (data.every(isSummary)) return data;
    // Several Graph pages saved as an array of collections.
    const pages = data.map((page) => summaries(page));
    return pages.every((page) => page !== undefined) ? pages.flat() as Record<string, unknown>[] : undefined;
  }
  if (data !== null && typeof data === 'object' && Array.isArray((data as { value?: unknown }).value)) {
    const value = (data as { value: unknown[] }).value;
    return value.every(isSummary) ? value : undefined;
  }
  return undefined;
}

function entryOf(object: Record<string, unknown>, index: number): LogEntry {
  const statusInfo = record(object.provisioningStatusInfo) ?? record(object.statusInfo) ?? {};
  const error = record(statusInfo.errorInformation) ?? statusInfo;
  const texts = [error.reason, error.additionalDetails, ...stepTexts(object.provisioningSteps)].filter((text): text is string => typeof text === 'string');
  const quoted = texts.map(webResponseIn).find((found) => found !== undefined);
  const target = record(object.targetIdentity);
  const source = record(object.sourceIdentity);
  const entry: LogEntry = {
    id: String(object.id ?? `#${index + 1}`),
    action: String(object.provisioningAction ?? object.action ?? 'other'),
    status: String(statusInfo.status ?? 'unknown').toLowerCase(),
  };
  if (typeof object.activityDateTime === 'string') entry.activityDateTime = object.activityDateTime;
  if (typeof error.errorCode === 'string' && error.errorCode !== '') entry.errorCode = error.errorCode;
  if (typeof error.errorCategory === 'string') entry.errorCategory = error.errorCategory;
  if (typeof error.reason === 'string') entry.reason = error.reason;
  const targetType = target?.identityType ?? source?.identityType;
  if (typeof targetType === 'string') entry.targetType = targetType;
  const objectId = source?.id ?? target?.id;
  if (typeof objectId === 'string') entry.objectId = objectId;
  if (quoted?.body !== undefined) entry.webResponse = quoted.body;
  const statusCode = texts.map((text) => /StatusCode:\s*([A-Za-z]+|\d{3})/.exec(text)?.[1]).find(Boolean);
  if (statusCode !== undefined) entry.statusCode = statusCode;
  return entry;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stepTexts(steps: unknown): unknown[] {
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((step) => {
    const details = record(record(step)?.details);
    return [record(step)?.description, ...(details ? Object.values(details) : [])];
  });
}

/** The `{…}` after "Web Response:", cut at its matching brace (the log goes on after it). */
export function webResponseIn(text: string): { body: string } | undefined {
  const at = text.search(/Web Response:\s*/i);
  if (at < 0) return undefined;
  const start = text.indexOf('{', at);
  if (start < 0) {
    const rest = text.slice(at).replace(/^Web Response:\s*/i, '').split(/\.\s|\n/)[0]?.trim();
    return rest ? { body: rest } : undefined;
  }
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return { body: text.slice(start, index + 1) };
    }
  }
  return { body: text.slice(start) };
}
