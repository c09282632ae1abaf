/**
 * `npm run mutants`: runs the suite against every fault and tolerated variant of the reference server
 * (the same runs as test/faults/detection.test.ts) and prints a Markdown report: which cases catch each
 * fault, at what level and in which dialect, the mutation score, and the tolerated variants' results.
 * Exits 1 when a fault is missed that is not a declared gap, an expected case does not fail, a declared
 * gap is now caught (the catalogue needs updating), or a tolerated variant or the clean server fails.
 *
 *   tsx scripts/mutants.ts [--concurrency N] [NAME …]
 */
import { catalogue } from '../src/cases/catalogue.ts';
import { DEFAULT_FAULT_PROFILE, faultCatalogue, toleratedVariants } from '../src/faults/catalogue.ts';
import { FAULT_SEED, mapBounded, runVariant, type VariantRun } from '../src/faults/detect.ts';
import type { CaseResult } from '../src/report/model.ts';

const args = process.argv.slice(2);
const concurrencyAt = args.indexOf('--concurrency');
const requested = concurrencyAt === -1 ? 2 : Number(args.splice(concurrencyAt, 2)[1]);
const concurrency = Number.isInteger(requested) && requested > 0 ? requested : 2;
const only = new Set(args);
const selected = <T extends { name: string }>(list: readonly T[]): T[] => list.filter((v) => only.size === 0 || only.has(v.name));

const levelOf = new Map(catalogue.map((testCase) => [testCase.id, testCase.level]));
const started = performance.now();
const problems: string[] = [];

const faults = selected(faultCatalogue);
const tolerated = selected(toleratedVariants);
const [clean, ...runs] = await mapBounded(
  [undefined, ...faults, ...tolerated],
  concurrency,
  (variant) => runVariant(variant?.middleware(), (variant && 'profile' in variant ? variant.profile : undefined) ?? DEFAULT_FAULT_PROFILE),
);
const faultRuns = runs.slice(0, faults.length);
const toleratedRuns = runs.slice(faults.length);

/** `USR-PATCH-01 MUST [legacy]`: the dialects are where it failed (`any` for cases that run once). */
function catchers(run: VariantRun): string {
  const failed = run.result.cases.filter((c): c is CaseResult => c.status === 'fail' && c.level !== 'MAY');
  const dialects = new Map<string, string[]>();
  for (const c of failed) dialects.set(c.id, [...(dialects.get(c.id) ?? []), c.dialect]);
  return [...dialects].map(([id, where]) => `${id} ${levelOf.get(id)}${where.includes('any') ? '' : ` [${where.join('+')}]`}`).join(', ');
}

const lines: string[] = [
  '# Detection power of scim-conformance',
  '',
  `Each fault is one way a real server breaks Entra provisioning, realised as middleware around the conformant reference server. Profile ${DEFAULT_FAULT_PROFILE} unless noted, dialects legacy + compliant, seed ${FAULT_SEED}.`,
  '',
  '| Fault | Source | Caught by (level, dialect) | Expected |',
  '| --- | --- | --- | --- |',
];
let caughtCount = 0;
faults.forEach((fault, index) => {
  const run = faultRuns[index] as VariantRun;
  const missed = fault.caughtBy.filter((id) => !run.caughtBy.includes(id));
  if (run.caughtBy.length > 0) caughtCount += 1;
  if (fault.gap === undefined && run.caughtBy.length === 0) problems.push(`${fault.name}: no MUST/SHOULD case failed`);
  if (missed.length > 0) problems.push(`${fault.name}: expected ${missed.join(', ')} to fail`);
  if (fault.gap !== undefined && run.caughtBy.length > 0) problems.push(`${fault.name}: declared a gap but now caught; update the catalogue`);
  const profile = fault.profile ? ` (profile ${fault.profile})` : '';
  const found = run.caughtBy.length > 0 ? catchers(run) : `**not caught**${run.notPassing.length ? ` (${describeOthers(run)})` : ''}`;
  const expected = fault.gap !== undefined ? 'gap' : missed.length === 0 ? 'ok' : `**missing ${missed.join(', ')}**`;
  lines.push(`| \`${fault.name}\`${profile} | ${fault.source} | ${found} | ${expected} |`);
});

const score = faults.length === 0 ? 0 : (100 * caughtCount) / faults.length;
lines.push('', `**Mutation score: ${caughtCount}/${faults.length} caught (${score.toFixed(1)}%).**`);
const gaps = faults.filter((fault) => fault.gap !== undefined);
if (gaps.length > 0) lines.push('', ...gaps.map((fault) => `- Gap \`${fault.name}\`: ${fault.gap}`));

lines.push('', '## Tolerated variants (must pass every case)', '', '| Variant | RFC | Result |', '| --- | --- | --- |');
if (clean !== undefined) {
  if (clean.notPassing.length > 0) problems.push(`clean server: ${clean.notPassing.map((c) => c.id).join(', ')} did not pass`);
  lines.push(`| clean reference server | — | ${verdict(clean)} |`);
}
tolerated.forEach((variant, index) => {
  const run = toleratedRuns[index] as VariantRun;
  if (run.notPassing.length > 0) problems.push(`${variant.name}: ${run.notPassing.map((c) => `${c.id} ${c.status}`).join(', ')}`);
  lines.push(`| \`${variant.name}\` | ${variant.rfc} | ${verdict(run)} |`);
});

lines.push('', `${faults.length + tolerated.length + 1} runs in ${((performance.now() - started) / 1000).toFixed(1)} s, ${concurrency} at a time.`);
if (problems.length > 0) lines.push('', '## Problems', '', ...problems.map((problem) => `- ${problem}`));
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = problems.length > 0 ? 1 : 0;

function verdict(run: VariantRun): string {
  const total = run.result.cases.length;
  const passed = total - run.notPassing.length;
  return run.notPassing.length === 0 ? `pass (${passed}/${total})` : `**${passed}/${total} pass**: ${describeOthers(run)}`;
}

/** `USR-GET-02 error, …`: the cases that did not pass, when none of them is a MUST/SHOULD fail. */
function describeOthers(run: VariantRun): string {
  return [...new Set(run.notPassing.map((c) => `${c.id} ${c.status}`))].join(', ');
}
