/** The catalogue counts in docs/cases.md are generated (npm run catalogue); this keeps the committed copy current. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blockBetween, CATALOGUE_MARKERS, renderCatalogueSummary } from '../../src/cases/catalogue-summary.ts';

describe('docs/cases.md', () => {
  it('holds the current catalogue counts (regenerate: npm run catalogue)', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../docs/cases.md', import.meta.url)), 'utf8');
    expect(blockBetween(readme, CATALOGUE_MARKERS)).toBe(renderCatalogueSummary());
  });
});
