/** Writes docs/entra-requests.md from fixtures/entra/ and the case catalogue (src/fixtures/entra-requests-doc.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEntraRequestsDoc, requestDocProblems } from '../src/fixtures/entra-requests-doc.ts';

const problems = requestDocProblems();
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
const file = fileURLToPath(new URL('../docs/entra-requests.md', import.meta.url));
writeFileSync(file, renderEntraRequestsDoc());
process.stdout.write(`wrote ${file}\n`);
