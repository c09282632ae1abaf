/**
 * What Entra would do with what the run saw, by Microsoft's documented rules, for the run as it was and
 * projected to a tenant of `projectUsers` users (the question: 50,000). Every rule names its source.
 *
 * - Quarantine by escrow proportion [ED-QUAR "Escrow thresholds"]: evaluated from 5,000 failures on; then
 *   more than 40 % of provisioning events failed, or more than 40,000 failures; reference failures (a
 *   manager or group member) are left out of both. Absolute: more than 60,000 failures, reference included.
 * - Quarantine as a SCIM compliance issue: a 404 where a query should answer 200 [ED-QUAR reasons table];
 *   quarantine for invalid credentials: 401/403 [ED-QUAR `EncounteredQuarantineException`].
 * - Escrow: a failed object is retried 6 h, 12 h and 24 h after the failure, then daily for 28 days, after
 *   which the job is disabled [ED-QUAR "Retry duration"]; per-object failures are retried in later cycles
 *   [ED-HOW "Errors and retries"]. Reference failures are retried likewise.
 * - Timeout: an answer later than 60 s is a failure [QA-60S; ED-LOGS `Timeout`]; latency that grows with the
 *   directory is extrapolated linearly to the projected size.
 * - Data: a sampled read-back that differs from what was sent, or paging that loses or repeats users, makes
 *   Entra re-send changes every cycle or miss users [ED-HOW matching; ED-DISC].
 * A consequence makes the command exit 1. Duration figures are information, never a consequence.
 */
import type { Operation, OperationFigures, SizePoint } from './metrics.ts';

/** Provisioning events: one per object an operation was about (a query and its create are one event). */
export interface EventCounts {
  events: number;
  failed: number;
  referenceEvents: number;
  referenceFailed: number;
  /** Queries answered 404 (the SCIM compliance quarantine cause). */
  query404: number;
  /** Answers 401 or 403 after the preflight passed. */
  credentials: number;
}

export interface VerificationFindings {
  usersChecked: number;
  usersDiffering: number;
  groupsChecked: number;
  groupsDiffering: number;
  paging: { pages: number; expected: number; seen: number; missing: number; duplicates: number; complete: boolean };
  /** First few differences, one sentence each. */
  differences: string[];
}

export type ConsequenceKind = 'quarantine' | 'escrow' | 'reference-retry' | 'timeout' | 'data';

export interface Consequence {
  kind: ConsequenceKind;
  /** `measured` (this run's own counts) or `projected` (scaled to the projected tenant). */
  basis: 'measured' | 'projected';
  text: string;
  /** Source keys of shared/reference/entra-wire.md §0. */
  sources: string[];
}

export interface Projection {
  projectUsers: number;
  scale: number;
  events: EventCounts;
  /** Requests the projected initial cycle would send, and how long that takes at the rate Entra sends. */
  requests: number;
  hoursAtRate: number | undefined;
  rate: number | undefined;
  /** Microsoft's estimate for "sync assigned users and groups only": 0.01–0.08 min per user, group and member [ED-WHEN]. */
  microsoftEstimateHours: { min: number; max: number };
  /** Query latency extrapolated to the projected directory (linear fit over latency by size), when measurable. */
  queryMeanMsAtSize?: number;
}

export const QUARANTINE = {
  evaluateFrom: 5_000,
  proportion: 0.4,
  failures: 40_000,
  absolute: 60_000,
} as const;
export const TIMEOUT_MS = 60_000;

export interface ProjectionInput {
  users: number;
  groups: number;
  membersPerGroup: number;
  events: EventCounts;
  requests: number;
  operations: Partial<Record<Operation, OperationFigures>>;
  sizes: SizePoint[];
  verification?: VerificationFindings;
  projectUsers: number;
  /** Requests per second Entra would send (the run's rate, or 25 when the run was unpaced). */
  rate: number | undefined;
}

export function quarantineReason(events: EventCounts): string | undefined {
  const total = events.failed + events.referenceFailed;
  if (total > QUARANTINE.absolute) return `${fmt(total)} failures, reference failures included, exceed the absolute threshold of 60,000`;
  if (events.failed < QUARANTINE.evaluateFrom) return undefined;
  if (events.failed > QUARANTINE.failures) return `${fmt(events.failed)} failures exceed 40,000`;
  const share = events.events === 0 ? 0 : events.failed / events.events;
  if (share > QUARANTINE.proportion) return `${pct(share)} of provisioning events failed (more than 40 %, with at least 5,000 failures)`;
  return undefined;
}

export function project(input: ProjectionInput): { consequences: Consequence[]; projection: Projection } {
  const scale = input.users === 0 ? 1 : input.projectUsers / input.users;
  const scaled = (n: number): number => Math.round(n * scale);
  const projectedEvents: EventCounts = {
    events: scaled(input.events.events),
    failed: scaled(input.events.failed),
    referenceEvents: scaled(input.events.referenceEvents),
    referenceFailed: scaled(input.events.referenceFailed),
    query404: scaled(input.events.query404),
    credentials: scaled(input.events.credentials),
  };
  const consequences: Consequence[] = [];
  for (const [basis, events] of [['measured', input.events], ['projected', projectedEvents]] as const) {
    const where = basis === 'measured' ? 'In this run' : `At ${fmt(input.projectUsers)} users`;
    const reason = quarantineReason(events);
    if (reason) consequences.push({ kind: 'quarantine', basis, text: `${where}, Entra would quarantine the job (EncounteredEscrowProportionThreshold): ${reason}.`, sources: ['ED-QUAR'] });
    else if (basis === 'projected' && events.failed >= QUARANTINE.evaluateFrom) {
      consequences.push({ kind: 'escrow', basis, text: `${where}, ${fmt(events.failed)} failures would start Entra's quarantine evaluation (5,000 or more); at ${pct(events.failed / Math.max(1, events.events))} of events it stays below the 40 % and 40,000 thresholds.`, sources: ['ED-QUAR'] });
    }
    if (basis === 'measured' && events.failed > 0) {
      consequences.push({ kind: 'escrow', basis, text: `${where}, ${fmt(events.failed)} of ${fmt(events.events)} provisioning events failed (${pct(events.failed / Math.max(1, events.events))}); Entra escrows each and retries it 6 h, 12 h and 24 h later, then daily, for 28 days before it disables the job. At ${fmt(input.projectUsers)} users that is about ${fmt(Math.min(projectedEvents.failed, projectedEvents.events))} escrowed objects of ${fmt(projectedEvents.events)} events.`, sources: ['ED-QUAR', 'ED-HOW'] });
    }
    if (basis === 'measured' && events.referenceFailed > 0) {
      consequences.push({ kind: 'reference-retry', basis, text: `${where}, ${fmt(events.referenceFailed)} of ${fmt(events.referenceEvents)} member changes failed: reference failures, retried in later cycles; they count only toward the absolute 60,000 threshold (about ${fmt(projectedEvents.referenceFailed)} at ${fmt(input.projectUsers)} users).`, sources: ['ED-QUAR', 'ED-HOW'] });
    }
    if (basis === 'measured' && events.query404 > 0) {
      consequences.push({ kind: 'quarantine', basis, text: `${where}, ${fmt(events.query404)} queries answered 404 instead of 200 with an empty list: Entra quarantines the job as a SCIM compliance issue whatever the failure count.`, sources: ['ED-QUAR'] });
    }
    if (basis === 'measured' && events.credentials > 0) {
      consequences.push({ kind: 'quarantine', basis, text: `${where}, ${fmt(events.credentials)} requests were refused with 401/403 after Test Connection passed: Entra quarantines the job for invalid credentials (EncounteredQuarantineException).`, sources: ['ED-QUAR'] });
    }
  }

  const timeouts = Object.values(input.operations).reduce((sum, figures) => sum + (figures?.errorsByClass.timeout ?? 0), 0);
  const slowest = Math.max(0, ...Object.values(input.operations).map((figures) => figures?.maxMs ?? 0));
  if (timeouts > 0 || slowest > TIMEOUT_MS) {
    consequences.push({ kind: 'timeout', basis: 'measured', text: `${fmt(timeouts)} requests timed out (slowest answer ${(slowest / 1000).toFixed(1)} s): Entra allows 60 s, logs Timeout and retries the object in a later cycle.`, sources: ['QA-60S', 'ED-LOGS'] });
  }
  const projectedObjects = input.projectUsers + scaled(input.groups);
  const queryMeanMsAtSize = extrapolate(input.sizes, 'query', projectedObjects);
  if (queryMeanMsAtSize !== undefined && queryMeanMsAtSize > TIMEOUT_MS && slowest <= TIMEOUT_MS) {
    consequences.push({ kind: 'timeout', basis: 'projected', text: `Query latency grows with the directory: extrapolated to ${fmt(projectedObjects)} objects it reaches ${(queryMeanMsAtSize / 1000).toFixed(1)} s on average, past Entra's 60 s, so queries would time out.`, sources: ['QA-60S', 'ED-LOGS'] });
  }
  const findings = input.verification;
  if (findings && (findings.usersDiffering > 0 || findings.groupsDiffering > 0)) {
    consequences.push({ kind: 'data', basis: 'measured', text: `${findings.usersDiffering} of ${findings.usersChecked} sampled users and ${findings.groupsDiffering} of ${findings.groupsChecked} sampled groups read back differently from what was sent: Entra sees a difference and re-sends the change every cycle, or the target holds wrong data.`, sources: ['ED-HOW'] });
  }
  // Paging is judged on what was created: with nothing created there is nothing to miss.
  if (findings && !findings.paging.complete && findings.paging.expected > 0) {
    consequences.push({ kind: 'data', basis: 'measured', text: `Paging through the users returned ${fmt(findings.paging.seen)} of the ${fmt(findings.paging.expected)} created (${fmt(findings.paging.missing)} missing, ${fmt(findings.paging.duplicates)} repeated): account discovery and any reader of the list miss or double users.`, sources: ['ED-DISC'] });
  }

  const requests = scaled(input.requests);
  const rate = input.rate;
  const assigned = input.projectUsers + scaled(input.groups) + scaled(input.groups * Math.min(input.membersPerGroup, input.users));
  const projection: Projection = {
    projectUsers: input.projectUsers,
    scale,
    events: projectedEvents,
    requests,
    rate,
    hoursAtRate: rate === undefined ? undefined : requests / rate / 3600,
    microsoftEstimateHours: { min: (0.01 * assigned) / 60, max: (0.08 * assigned) / 60 },
  };
  if (queryMeanMsAtSize !== undefined) projection.queryMeanMsAtSize = queryMeanMsAtSize;
  return { consequences, projection };
}

/**
 * Least-squares line through (directory size, mean latency) of one operation, evaluated at `size`.
 * Undefined with fewer than three buckets to fit.
 */
export function extrapolate(sizes: readonly SizePoint[], operation: Operation, size: number): number | undefined {
  const points = sizes.flatMap((point) => {
    const figures = point.operations[operation];
    return figures && figures.count > 0 ? [{ x: (point.fromObjects + point.toObjects) / 2, y: figures.meanMs }] : [];
  });
  if (points.length < 3) return undefined;
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  // No growth measured (flat or falling): the measured mean is the projection. A falling line would reach 0 ms
  // (issue 19: "0.00 ms on average" while the measured mean was 2 ms), which no directory answers in.
  if (sxx === 0) return meanY;
  const slope = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0) / sxx;
  if (slope <= 0) return meanY;
  return meanY + slope * (size - meanX);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
