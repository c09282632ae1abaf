/**
 * `npm run catalogue`: prints the catalogue counts and writes them into docs/cases.md between the catalogue
 * markers (test/meta/readme-generated.test.ts keeps the committed page equal to this output).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_MARKERS, renderCatalogueSummary, replaceBetween } from '../src/cases/catalogue-summary.ts';

const readme = fileURLToPath(new URL('../docs/cases.md', import.meta.url));
const summary = renderCatalogueSummary();
writeFileSync(readme, replaceBetween(readFileSync(readme, 'utf8'), CATALOGUE_MARKERS, summary));
process.stdout.write(`${summary}\n`);
