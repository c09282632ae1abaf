/** `scim-conformance list`: the case catalogue, with no server. */
import { mappingNeeds } from '../cases/applicability.ts';
import { catalogue, catalogueHash, fixturesOf, selectCases } from '../cases/catalogue.ts';
import { checkSelectors } from '../config/check-selectors.ts';
import { EXIT } from './exit-codes.ts';

export function listCommand(options: { json?: boolean; only?: string[]; skip?: string[] }): number {
  checkSelectors(options);
  // Every case, the opt-in ones too (marked): a list that hid them would hide what a default run leaves out.
  const cases = selectCases(catalogue, { only: options.only ?? [], skip: options.skip ?? [], withOptIn: true });
  const rows = cases.map((testCase) => {
    const { id, level, name, area, spec, dialects, fixtures, optIn } = testCase;
    const requiresMapping = mappingNeeds(fixturesOf(testCase, undefined));
    return { id, level, name, area, spec, dialects, fixtures, ...(requiresMapping.length > 0 ? { requiresMapping } : {}), ...(optIn === undefined ? {} : { optIn }) };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ catalogueHash: catalogueHash(), cases: rows }, null, 2)}\n`);
    return EXIT.ready;
  }
  for (const row of rows) {
    const only = row.requiresMapping ? ` (only for profiles mapping ${row.requiresMapping.map((paths) => paths.join(' or ')).join(', and ')})` : '';
    const optIn = row.optIn === undefined ? '' : ' (opt-in: against a target only with --with-opt-in)';
    process.stdout.write(`${row.id.padEnd(15)} ${row.dialects.padEnd(9)} ${row.name}${only}${optIn}\n${' '.repeat(26)}${row.spec.join(', ')}\n`);
  }
  process.stdout.write(`${rows.length} case${rows.length === 1 ? '' : 's'} (catalogue ${catalogueHash()}); "each" cases run once per dialect\n`);
  return EXIT.ready;
}
