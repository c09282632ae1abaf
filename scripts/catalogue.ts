/**
 * `npm run catalogue`: prints the catalogue counts and writes them into README.md between the catalogue
 * markers (test/meta/readme-generated.test.ts keeps the committed README equal to this output).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_MARKERS, renderCatalogueSummary, replaceBetween } from '../src/cases/catalogue-summary.ts';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const summary = renderCatalogueSummary();
writeFileSync(readme, replaceBetween(readFileSync(readme, 'utf8'), CATALOGUE_MARKERS, summary));
process.stdout.write(`${summary}\n`);
