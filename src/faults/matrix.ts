/**
 * The detection matrix (which cases catch each fault, at what level and in which dialect; the mutation
 * score; the tolerated variants), rendered from variant runs. `npm run mutants` prints it and writes it
 * into docs/cases.md; the detection test renders it from its own runs and fails when that page differs.
 */
import { catalogue } from '../cases/catalogue.ts';
import type { CaseResult } from '../model/result.ts';
import { DEFAULT_FAULT_PROFILE } from './catalogue.ts';
import { FAULT_SEED, type VariantRun } from './detect.ts';
import type { FaultVariant, ToleratedVariant } from './types.ts';

export const MATRIX_MARKERS = { start: '<!-- detection-matrix:start (npm run mutants -- --write) -->', end: '<!-- detection-matrix:end -->' };

export interface MatrixInput {
  faults: readonly FaultVariant[];
  tolerated: readonly ToleratedVariant[];
  /** The run of a variant by name, and of the clean server under the default profile. */
  runOf: (name: string) => VariantRun;
  clean: VariantRun;
}

const levelOf = new Map(catalogue.map((testCase) => [testCase.id, testCase.level]));

export function renderDetectionMatrix(input: MatrixInput): { markdown: string; problems: string[] } {
  const problems: string[] = [];
  const lines = [
    `Each fault is one way a real server breaks Entra provisioning, realised as middleware around the conformant reference server. Profile ${DEFAULT_FAULT_PROFILE} unless noted, dialects legacy + compliant, seed ${FAULT_SEED}.`,
    '',
    '| Fault | Source | Caught by (level, dialect) | Expected |',
    '| --- | --- | --- | --- |',
  ];
  let caughtCount = 0;
  const observable = input.faults.filter((fault) => fault.verdict === undefined);
  for (const fault of input.faults) {
    const run = input.runOf(fault.name);
    const missed = fault.caughtBy.filter((id) => !run.caughtBy.includes(id));
    if (fault.verdict === undefined && run.caughtBy.length > 0) caughtCount += 1;
    if (fault.gap === undefined && fault.verdict === undefined && run.caughtBy.length === 0) problems.push(`${fault.name}: no MUST/SHOULD case failed`);
    if (missed.length > 0) problems.push(`${fault.name}: expected ${missed.join(', ')} to fail`);
    if (fault.gap !== undefined && run.caughtBy.length > 0) problems.push(`${fault.name}: declared a gap but now caught; update the catalogue`);
    if (fault.verdict !== undefined && run.result.verdict.entra !== fault.verdict) problems.push(`${fault.name}: expected the run to be ${fault.verdict}, got ${run.result.verdict.entra}`);
    const profile = `${fault.profile ? ` (profile ${fault.profile})` : ''}${fault.only ? ` (run with --only ${fault.only.join(' ')})` : ''}`;
    const found =
      fault.verdict !== undefined
        ? `nothing can observe it: run ${run.result.verdict.entra} (exit ${run.result.verdict.exitCode})`
        : run.caughtBy.length > 0
          ? catchers(run)
          : `**not caught**${run.notPassing.length ? ` (${describeOthers(run)})` : ''}`;
    const expected = fault.gap !== undefined ? 'gap' : fault.verdict !== undefined ? fault.verdict : missed.length === 0 ? 'ok' : `**missing ${missed.join(', ')}**`;
    lines.push(`| \`${fault.name}\`${profile} | ${fault.source} | ${found} | ${expected} |`);
  }
  const score = observable.length === 0 ? 0 : (100 * caughtCount) / observable.length;
  lines.push('', `**Mutation score: ${caughtCount}/${observable.length} caught (${score.toFixed(1)}%).**`);
  const gaps = input.faults.filter((fault) => fault.gap !== undefined);
  if (gaps.length > 0) lines.push('', ...gaps.map((fault) => `- Gap \`${fault.name}\`: ${fault.gap}`));
  lines.push('', '#### Tolerated variants (must pass every case)', '', '| Variant | RFC | Result |', '| --- | --- | --- |');
  if (input.clean.notPassing.length > 0) problems.push(`clean server: ${input.clean.notPassing.map((c) => c.id).join(', ')} did not pass`);
  lines.push(`| clean reference server | — | ${verdictCell(input.clean)} |`);
  for (const variant of input.tolerated) {
    const run = input.runOf(variant.name);
    if (run.notPassing.length > 0) problems.push(`${variant.name}: ${run.notPassing.map((c) => `${c.id} ${c.status}`).join(', ')}`);
    lines.push(`| \`${variant.name}\` | ${variant.rfc} | ${verdictCell(run)} |`);
  }
  return { markdown: lines.join('\n'), problems };
}

/** `USR-PATCH-01 MUST [legacy]`: the dialects are where it failed (none shown for cases that run once). */
function catchers(run: VariantRun): string {
  const failed = run.result.cases.filter((c): c is CaseResult => c.status === 'fail' && c.level !== 'MAY');
  const dialects = new Map<string, string[]>();
  for (const c of failed) dialects.set(c.id, [...(dialects.get(c.id) ?? []), c.dialect]);
  return [...dialects].map(([id, where]) => `${id} ${levelOf.get(id)}${where.includes('any') ? '' : ` [${where.join('+')}]`}`).join(', ');
}

function verdictCell(run: VariantRun): string {
  const total = run.result.cases.length;
  const passed = total - run.notPassing.length;
  return run.notPassing.length === 0 ? `pass (${passed}/${total})` : `**${passed}/${total} pass**: ${describeOthers(run)}`;
}

function describeOthers(run: VariantRun): string {
  return [...new Set(run.notPassing.map((c) => `${c.id} ${c.status}`))].join(', ');
}
