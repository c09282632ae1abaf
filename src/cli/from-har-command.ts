/**
 * `scim-conformance fixtures from-har <file.har>`: each request of the capture compared with the fixture
 * catalogue; a draft fixture written for each shape it does not hold exactly (src/observe/from-har.ts).
 * Exit codes: 0 every request matches a fixture exactly, 1 drafts written (new or differing shapes), 2 usage
 * error (not a HAR file, unwritable output folder).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readAsConfig } from '../config/config-error.ts';
import { compareWithCatalogue, HarInputError, readHarRequests, type FixtureDraft } from '../observe/from-har.ts';
import { prepareReportDir } from '../report/report-dir.ts';

export function fromHarCommand(file: string, options: { out?: string; json?: boolean }, out: NodeJS.WritableStream = process.stdout): number {
  const requests = readAsConfig(() => readHarRequests(file), HarInputError);
  const comparisons = compareWithCatalogue(requests, file);
  const drafts = [...new Set(comparisons.flatMap((comparison) => (comparison.draft ? [comparison.draft] : [])))];
  const written = drafts.length === 0 ? [] : writeDrafts(drafts, prepareReportDir(options.out ?? 'fixture-drafts', '--out'));
  if (options.json) {
    out.write(`${JSON.stringify({ requests: comparisons.map(({ request, classification, draft }) => ({ method: request.method, path: request.path, ...classification, ...(draft ? { draft: draft.id } : {}) })), drafts: written }, null, 2)}\n`);
  } else {
    for (const { request, classification, draft } of comparisons) {
      const shape = classification.match === 'unknown' ? 'unknown shape' : `${classification.match} ${classification.fixture}`;
      out.write(`${request.method} ${request.path.length > 80 ? `${request.path.slice(0, 77)}...` : request.path}  ${shape}${draft ? ` → draft ${draft.id}` : ''}\n`);
      for (const difference of classification.differences) out.write(`    ${difference}\n`);
    }
    const exact = comparisons.filter((comparison) => comparison.classification.match === 'exact').length;
    out.write(`\n${comparisons.length} SCIM request(s): ${exact} match a fixture exactly, ${comparisons.length - exact} do not; ${drafts.length} draft(s) written${written.length > 0 ? `:\n${written.map((path) => `  ${path}`).join('\n')}` : ''}\n`);
    if (drafts.length > 0) out.write('Review each draft (description, placeholders, what was kept as captured), then add it under fixtures/entra/ with its case (README "Adding a case").\n');
  }
  return drafts.length > 0 ? 1 : 0;
}

function writeDrafts(drafts: readonly FixtureDraft[], directory: string): string[] {
  return drafts.map((draft) => {
    const path = resolve(join(directory, `${draft.id}.json`));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(draft, null, 2)}\n`);
    return path;
  });
}
