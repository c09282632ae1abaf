/**
 * Two runs compared case by case (a case run is its id and dialect): what newly fails, what newly passes,
 * what changed status otherwise (fail ↔ error, pass ↔ skip), whose reason changed while the status stayed,
 * and whose timing changed noticeably. Reasons are compared with run-specific values (ids, run id)
 * replaced, so only a change in the target's behaviour shows.
 */
import type { CaseResult, RunResult } from '../model/result.ts';
import { stableReasons } from './stable-reason.ts';

/** A timing change is reported when the duration at least doubled or halved and moved by this much. */
export const TIMING_MIN_DELTA_MS = 250;

export interface CaseDiff {
  id: string;
  dialect: CaseResult['dialect'];
  level: CaseResult['level'];
  name: string;
  old?: { status: CaseResult['status']; reason?: string; durationMs: number };
  new?: { status: CaseResult['status']; reason?: string; durationMs: number };
}

export interface RunDiff {
  old: RunSummary;
  new: RunSummary;
  newlyFailing: CaseDiff[];
  newlyPassing: CaseDiff[];
  statusChanged: CaseDiff[];
  reasonChanged: CaseDiff[];
  timingChanged: CaseDiff[];
  onlyInOld: CaseDiff[];
  onlyInNew: CaseDiff[];
  /** Why the two runs may not be comparable (another catalogue, target or profile). */
  notes: string[];
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  target: string;
  profile: string;
  catalogueHash: string;
}

const failing = (status: CaseResult['status'] | undefined): boolean => status === 'fail' || status === 'error';

export function diffRuns(oldRun: RunResult, newRun: RunResult): RunDiff {
  const older = indexed(oldRun);
  const newer = indexed(newRun);
  const diff: RunDiff = {
    old: summaryOf(oldRun),
    new: summaryOf(newRun),
    newlyFailing: [],
    newlyPassing: [],
    statusChanged: [],
    reasonChanged: [],
    timingChanged: [],
    onlyInOld: [],
    onlyInNew: [],
    notes: notesOn(oldRun, newRun),
  };
  for (const [key, now] of newer) {
    const before = older.get(key);
    const entry = caseDiff(before, now);
    if (before === undefined) {
      diff.onlyInNew.push(entry);
      if (failing(now.result.status)) diff.newlyFailing.push(entry);
      continue;
    }
    const [was, is] = [before.result.status, now.result.status];
    if (failing(is) && !failing(was)) diff.newlyFailing.push(entry);
    else if (is === 'pass' && failing(was)) diff.newlyPassing.push(entry);
    else if (is !== was) diff.statusChanged.push(entry);
    else if (is !== 'pass' && before.reason !== now.reason) diff.reasonChanged.push(entry);
    if (timingChanged(before.result.durationMs, now.result.durationMs)) diff.timingChanged.push(entry);
  }
  for (const [key, before] of older) if (!newer.has(key)) diff.onlyInOld.push(caseDiff(before, undefined));
  return diff;
}

export function timingChanged(oldMs: number, newMs: number): boolean {
  const [low, high] = oldMs <= newMs ? [oldMs, newMs] : [newMs, oldMs];
  return high - low >= TIMING_MIN_DELTA_MS && high >= 2 * low;
}

interface Indexed {
  result: CaseResult;
  reason: string | undefined;
}

function indexed(run: RunResult): Map<string, Indexed> {
  const reasons = stableReasons(run);
  return new Map(run.cases.map((result, index) => [`${result.id}|${result.dialect}`, { result, reason: reasons[index] }]));
}

function caseDiff(before: Indexed | undefined, now: Indexed | undefined): CaseDiff {
  const any = (now ?? before)!.result;
  const entry: CaseDiff = { id: any.id, dialect: any.dialect, level: any.level, name: any.name };
  if (before) entry.old = side(before);
  if (now) entry.new = side(now);
  return entry;
}

function side({ result, reason }: Indexed): NonNullable<CaseDiff['old']> {
  return reason === undefined ? { status: result.status, durationMs: result.durationMs } : { status: result.status, reason, durationMs: result.durationMs };
}

function summaryOf(run: RunResult): RunSummary {
  return { runId: run.runId, startedAt: run.startedAt, target: run.target.url, profile: run.profile, catalogueHash: run.catalogueHash };
}

function notesOn(oldRun: RunResult, newRun: RunResult): string[] {
  const notes: string[] = [];
  if (oldRun.catalogueHash !== newRun.catalogueHash) notes.push(`the runs used different case catalogues (${oldRun.catalogueHash} → ${newRun.catalogueHash}): cases may have been added or changed`);
  if (oldRun.target.url !== newRun.target.url) notes.push(`the runs went to different targets (${oldRun.target.url} → ${newRun.target.url})`);
  if (oldRun.profile !== newRun.profile) notes.push(`the runs used different profiles (${oldRun.profile} → ${newRun.profile})`);
  return notes;
}
