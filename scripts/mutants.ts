/**
 * `npm run mutants`: runs the suite against every fault and tolerated variant of the reference server
 * (the same runs as test/faults/detection.test.ts) and prints the detection matrix (src/faults/matrix.ts).
 * `--write` also puts it into docs/cases.md between the matrix markers. Exits 1 when the matrix has problems
 * (a fault missed that is not a declared gap, an expected case not failing, a tolerated variant failing).
 *
 *   tsx scripts/mutants.ts [--concurrency N] [--write] [NAME …]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceBetween } from '../src/cases/catalogue-summary.ts';
import { DEFAULT_FAULT_PROFILE, faultCatalogue, toleratedVariants } from '../src/faults/catalogue.ts';
import { mapBounded, plansOptIn, runVariant, type VariantRun } from '../src/faults/detect.ts';
import { MATRIX_MARKERS, renderDetectionMatrix } from '../src/faults/matrix.ts';

const args = process.argv.slice(2);
const write = args.includes('--write');
const concurrencyAt = args.indexOf('--concurrency');
const requested = concurrencyAt === -1 ? 2 : Number(args.splice(concurrencyAt, 2)[1]);
const concurrency = Number.isInteger(requested) && requested > 0 ? requested : 2;
const only = new Set(args.filter((arg) => !arg.startsWith('--')));
const selected = <T extends { name: string }>(list: readonly T[]): T[] => list.filter((v) => only.size === 0 || only.has(v.name));

const started = performance.now();
const faults = selected(faultCatalogue);
const tolerated = selected(toleratedVariants);
const variants = [...faults, ...tolerated];
const [clean, ...runs] = await mapBounded([undefined, ...variants], concurrency, (variant) =>
  runVariant(
    variant?.middleware(),
    (variant && 'profile' in variant ? variant.profile : undefined) ?? DEFAULT_FAULT_PROFILE,
    variant && 'only' in variant ? variant.only : undefined,
    variant && 'tokenMiddleware' in variant ? variant.tokenMiddleware?.() : undefined,
    plansOptIn(variant),
  ),
);
const byName = new Map(variants.map((variant, index) => [variant.name, runs[index] as VariantRun]));
const { markdown, problems } = renderDetectionMatrix({ faults, tolerated, clean: clean as VariantRun, runOf: (name) => byName.get(name) as VariantRun });
process.stdout.write(`# Detection power of scim-conformance\n\n${markdown}\n\n${variants.length + 1} runs in ${((performance.now() - started) / 1000).toFixed(1)} s, ${concurrency} at a time.\n`);
if (problems.length > 0) process.stdout.write(`\n## Problems\n\n${problems.map((problem) => `- ${problem}`).join('\n')}\n`);
if (write && only.size === 0) {
  const readme = fileURLToPath(new URL('../docs/cases.md', import.meta.url));
  writeFileSync(readme, replaceBetween(readFileSync(readme, 'utf8'), MATRIX_MARKERS, markdown));
}
process.exitCode = problems.length > 0 ? 1 : 0;
