import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, expiredWaivers, loadBaseline, parseBaseline, staleWaivers, type Baseline } from '../../src/report/baseline.ts';
import { caseResult, runResult } from './helpers.ts';

const TODAY = new Date('2026-03-14T12:00:00Z');
const baseline = (waivers: Baseline['waivers']): Baseline => ({ file: 'baseline.json', waivers });
const failing = () => caseResult({ id: 'USR-FILTER-03', status: 'fail', reason: 'expected 1 user, got 0' });

describe('applyBaseline', () => {
  it('waives a known failure: exit 0 so CI gates keep working, but the verdict says Not ready, never Ready', () => {
    const run = runResult([caseResult(), failing()]);
    expect(run.verdict).toMatchObject({ entra: 'not-ready', exitCode: 1 });
    const waived = applyBaseline(run, baseline([{ id: 'USR-FILTER-03', reason: 'vendor bug 142', expires: '2026-12-31' }]), TODAY);
    expect(waived.verdict).toMatchObject({ entra: 'not-ready', exitCode: 0, headline: 'Not ready: 1 known deviation waived (baseline baseline.json)' });
    expect(waived.verdict.waived.map((ref) => ref.id)).toEqual(['USR-FILTER-03']);
    expect(waived.cases[1]?.waiver).toEqual({ reason: 'vendor bug 142', expires: '2026-12-31' });
    expect(run.cases[1]?.waiver).toBeUndefined();
  });

  it('marks a waiver whose case passes as stale, which makes the run Not ready (exit 1) until it is removed', () => {
    const run = runResult([caseResult({ id: 'USR-FILTER-03' })]);
    const applied = applyBaseline(run, baseline([{ id: 'USR-FILTER-03', reason: 'fixed since' }]), TODAY);
    expect(applied.cases[0]?.waiver).toEqual({ reason: 'fixed since', stale: true });
    expect(applied.verdict).toMatchObject({ entra: 'not-ready', exitCode: 1 });
    expect(staleWaivers(applied)).toEqual([{ id: 'USR-FILTER-03', dialect: 'any', reason: 'fixed since' }]);
  });

  it('ignores an expired waiver (the case counts normally) and lists it', () => {
    const file = baseline([{ id: 'USR-FILTER-03', reason: 'pilot', expires: '2026-03-13' }]);
    const applied = applyBaseline(runResult([failing()]), file, TODAY);
    expect(applied.cases[0]?.waiver).toBeUndefined();
    expect(applied.verdict.exitCode).toBe(1);
    expect(expiredWaivers(file, TODAY).map((w) => w.id)).toEqual(['USR-FILTER-03']);
    // A waiver lasts through its expiry day.
    expect(expiredWaivers(baseline([{ id: 'X', reason: 'r', expires: '2026-03-14' }]), TODAY)).toEqual([]);
  });

  it('matches the dialect when the waiver names one; an unknown-impact SHOULD failure decides only in strict mode', () => {
    const legacy = caseResult({ id: 'USR-DISABLE-01', dialect: 'legacy', status: 'fail', reason: 'r' });
    const compliant = { ...legacy, dialect: 'compliant' as const };
    const applied = applyBaseline(runResult([legacy, compliant]), baseline([{ id: 'USR-DISABLE-01', dialect: 'legacy', reason: 'r' }]), TODAY);
    expect(applied.cases.map((c) => c.waiver !== undefined)).toEqual([true, false]);
    expect(applied.verdict.exitCode).toBe(1);
    const should = caseResult({ id: 'USR-MEDIA-01', level: 'SHOULD', status: 'fail', reason: 'r', impact: { kind: 'unknown', text: 'unknown' } });
    expect(applyBaseline(runResult([should], { strict: true }), baseline([]), TODAY).verdict.exitCode).toBe(1);
    expect(applyBaseline(runResult([should]), baseline([]), TODAY).verdict).toMatchObject({ entra: 'ready', exitCode: 0 });
  });

  it('keeps an aborted run Incomplete', () => {
    expect(applyBaseline(runResult([caseResult()], { aborted: 'interrupted' }), baseline([]), TODAY).verdict).toMatchObject({ entra: 'incomplete', exitCode: 4 });
  });
});

describe('loadBaseline', () => {
  const write = (text: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'baseline-')), 'baseline.json');
    writeFileSync(file, text);
    return file;
  };

  it('reads a valid file', () => {
    const file = write(JSON.stringify({ waivers: [{ id: 'USR-FILTER-03', dialect: 'legacy', reason: 'r', expires: '2027-01-31' }] }));
    expect(loadBaseline(file).waivers).toEqual([{ id: 'USR-FILTER-03', dialect: 'legacy', reason: 'r', expires: '2027-01-31' }]);
  });

  it.each([
    ['{ "waivers": [', /baseline\.json: not valid JSON/],
    ['{ "waiver": [] }', /baseline\.json: expected an object with a "waivers" array/],
    ['{ "waivers": [{ "id": "USR-FILTER-03" }] }', /baseline\.json: waivers\[0\] \(USR-FILTER-03\): "reason" must be a non-empty string/],
    ['{ "waivers": [{ "reason": "r" }] }', /waivers\[0\]: "id" must be a non-empty string/],
    ['{ "waivers": [{ "id": "CONN-01", "reason": "r", "dialect": "modern" }] }', /waivers\[0\] \(CONN-01\): "dialect" must be one of legacy, compliant/],
    ['{ "waivers": [{ "id": "CONN-01", "reason": "r", "expires": "2027-02-30" }] }', /waivers\[0\] \(CONN-01\): "expires" must be a date/],
    ['{ "waivers": [{ "id": "CONN-01", "reason": "r", "expiry": "2027-01-01" }] }', /waivers\[0\] \(CONN-01\): unknown key "expiry"/],
    ['{ "waivers": [{ "id": "CONN-01", "reason": "r" }, { "id": "CONN-01", "reason": "s" }] }', /waivers\[1\] \(CONN-01\): duplicate/],
    ['{ "waivers": [{ "id": "USR-FILTR-03", "reason": "r" }] }', /waivers\[0\] \(USR-FILTR-03\): no case has this id; did you mean USR-FILTER-03\?/],
  ])('rejects %s with a one-line BaselineError naming the file and entry', (text, message) => {
    const file = write(text);
    expect(() => loadBaseline(file)).toThrow(BaselineError);
    expect(() => loadBaseline(file)).toThrow(message);
    try {
      loadBaseline(file);
    } catch (error) {
      expect((error as Error).message.startsWith(file)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadBaseline('/nonexistent/baseline.json')).toThrow(/^\/nonexistent\/baseline\.json: cannot read/);
    expect(() => parseBaseline('[]', 'b.json')).toThrow(BaselineError);
  });
});
