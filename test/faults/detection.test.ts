/**
 * Detection power: the suite must fail every known way a server breaks Entra provisioning (fault variants)
 * and pass every conformant-but-unusual server (tolerated variants). Every variant gets its own reference
 * server and a full run (both dialects, fixed seed); the runs happen once, a few at a time, in beforeAll,
 * and each variant then gets its own test so a regression names the fault it let through.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogue, fixturesOf } from '../../src/cases/catalogue.ts';
import { blockBetween } from '../../src/cases/catalogue-summary.ts';
import { MATRIX_MARKERS, renderDetectionMatrix } from '../../src/faults/matrix.ts';
import { DEFAULT_FAULT_PROFILE, faultCatalogue, toleratedVariants } from '../../src/faults/catalogue.ts';
import { mapBounded, plansOptIn, runVariant, type VariantRun } from '../../src/faults/detect.ts';
import type { FaultVariant, ToleratedVariant } from '../../src/faults/types.ts';

/** Two cores in CI: two runs in flight keep both busy without starving the other test files. */
const CONCURRENCY = 2;
const CASES_PAGE = fileURLToPath(new URL('../../docs/cases.md', import.meta.url));
const caseIds = new Set(catalogue.map((testCase) => testCase.id));
const caught = faultCatalogue.filter((fault) => fault.gap === undefined && fault.verdict === undefined);
const unobservable = faultCatalogue.filter((fault) => fault.verdict !== undefined);
const gaps = faultCatalogue.filter((fault) => fault.gap !== undefined);
const cleanProfiles = [...new Set([DEFAULT_FAULT_PROFILE, ...faultCatalogue.flatMap((fault) => fault.profile ?? [])])];

type Outcome = { run: VariantRun } | { crash: unknown };
const outcomes = new Map<string, Outcome>();

function outcomeOf(key: string): VariantRun {
  const outcome = outcomes.get(key);
  if (outcome === undefined) throw new Error(`no run recorded for ${key}`);
  if ('crash' in outcome) throw outcome.crash;
  return outcome.run;
}

/** One line per case that did not pass, so a failed expectation says what the run saw. */
const transcript = (run: VariantRun): string =>
  run.notPassing.map((c) => `${c.id} [${c.dialect}] ${c.level} ${c.status}: ${c.reason ?? ''}`).join('\n') || '(every case passed)';

describe('fault catalogue', () => {
  it('holds at least 30 faults and 6 tolerated variants under unique names', () => {
    const names = [...faultCatalogue, ...toleratedVariants].map((variant) => variant.name);
    expect(faultCatalogue.length).toBeGreaterThanOrEqual(30);
    expect(toleratedVariants.length).toBeGreaterThanOrEqual(6);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('names only existing cases in caughtBy, and every fault is either caught by a case or a declared gap', () => {
    for (const fault of faultCatalogue) {
      expect(fault.caughtBy.filter((id) => !caseIds.has(id)), fault.name).toEqual([]);
      expect(fault.gap === undefined && fault.verdict === undefined ? fault.caughtBy.length > 0 : fault.caughtBy.length === 0, fault.name).toBe(true);
      expect(fault.description.length, fault.name).toBeGreaterThan(40);
    }
  });

  it('cites an RFC section for every tolerated variant', () => {
    for (const variant of toleratedVariants) expect(variant.rfc, variant.name).toMatch(/RFC \d{4} §\d/);
  });
});

describe('detection power', () => {
  beforeAll(async () => {
    const jobs: { key: string; variant?: FaultVariant | ToleratedVariant; profile: string }[] = [
      ...cleanProfiles.map((profile) => ({ key: `clean:${profile}`, profile })),
      ...faultCatalogue.map((fault) => ({ key: fault.name, variant: fault, profile: fault.profile ?? DEFAULT_FAULT_PROFILE })),
      ...toleratedVariants.map((variant) => ({ key: variant.name, variant, profile: DEFAULT_FAULT_PROFILE })),
    ];
    await mapBounded(jobs, CONCURRENCY, async ({ key, variant, profile }) => {
      try {
        const only = variant !== undefined && 'only' in variant ? variant.only : undefined;
        const tokenMiddleware = variant !== undefined && 'tokenMiddleware' in variant ? variant.tokenMiddleware?.() : undefined;
        outcomes.set(key, { run: await runVariant(variant?.middleware(), profile, only, tokenMiddleware, plansOptIn(variant)) });
      } catch (crash) {
        outcomes.set(key, { crash });
      }
    });
  }, 300_000); // ~75 full runs: about 110 s alone on 2 cores, far more inside the whole npm test

  it.each(cleanProfiles)('the clean reference server passes every case (profile %s)', (profile) => {
    const run = outcomeOf(`clean:${profile}`);
    expect(run.notPassing, transcript(run)).toEqual([]);
    expect(run.result.verdict.entra).toBe('ready');
    expect(run.result.verdict.rfc).toBe('conformant');
  });

  // The declared fixture list drives --read-only planning; what a case really sent must be within it.
  it.each(cleanProfiles)('every case sends only fixtures it declares (profile %s)', (profile) => {
    const run = outcomeOf(`clean:${profile}`);
    const byId = new Map(catalogue.map((testCase) => [testCase.id, testCase]));
    for (const result of run.result.cases) {
      const declared = fixturesOf(byId.get(result.id)!, result.dialect === 'any' ? undefined : result.dialect);
      const sent = result.exchanges.map((exchange) => exchange.fixture).filter((id): id is string => id !== undefined);
      expect(sent.filter((id) => !declared.includes(id)), `${result.id} [${result.dialect}]`).toEqual([]);
    }
    expect(run.remaining, 'users and groups left on the server').toBe(0);
  });

  it.each(caught.map((fault) => [fault.name, fault] as const))('catches %s', (_name, fault) => {
    const run = outcomeOf(fault.name);
    expect(run.caughtBy.length, `no MUST/SHOULD case failed:\n${transcript(run)}`).toBeGreaterThan(0);
    const missed = fault.caughtBy.filter((id) => !run.caughtBy.includes(id));
    expect(missed, `expected these cases to fail; the run saw:\n${transcript(run)}`).toEqual([]);
  });

  // A gap is a fault no case fails today. If this starts failing, a case now catches it: move the fault
  // from `gap` to `caughtBy`.
  it.each(gaps.map((fault) => [fault.name, fault] as const))('still does not fail %s (declared gap)', (_name, fault) => {
    const run = outcomeOf(fault.name);
    expect(run.caughtBy, `${fault.name} is now caught; update its catalogue entry`).toEqual([]);
  });

  it.each(unobservable.map((fault) => [fault.name, fault] as const))('makes the run %s, never Ready, when nothing can observe the fault', (_name, fault) => {
    const run = outcomeOf(fault.name);
    expect(run.result.verdict.entra, transcript(run)).toBe(fault.verdict);
    expect(run.result.verdict.exitCode).toBe(4);
    expect(run.caughtBy, transcript(run)).toEqual([]);
  });

  it('docs/cases.md holds the detection matrix of these very runs (regenerate: npm run mutants -- --write)', () => {
    const { markdown, problems } = renderDetectionMatrix({
      faults: faultCatalogue,
      tolerated: toleratedVariants,
      clean: outcomeOf(`clean:${DEFAULT_FAULT_PROFILE}`),
      runOf: outcomeOf,
    });
    expect(problems).toEqual([]);
    expect(blockBetween(readFileSync(CASES_PAGE, 'utf8'), MATRIX_MARKERS)).toBe(markdown);
  });

  it('every MUST and SHOULD check is named by some fault variant it must catch', () => {
    const named = new Set(faultCatalogue.flatMap((fault) => fault.caughtBy));
    expect(catalogue.filter((testCase) => testCase.level !== 'MAY' && !named.has(testCase.id)).map((testCase) => testCase.id)).toEqual([]);
  });

  it.each(toleratedVariants.map((variant) => [variant.name, variant] as const))('passes every case against tolerated %s', (_name, variant) => {
    const run = outcomeOf(variant.name);
    expect(run.notPassing, transcript(run)).toEqual([]);
    expect(run.result.cases.length).toBeGreaterThan(30);
    // An unusual but conformant answer (e.g. "Id" for "id") must not make the run lose track of what it created.
    expect(run.remaining, 'users and groups left on the server').toBe(0);
  });
});
