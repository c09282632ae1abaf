import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { FIXTURES_DIR, listJsonFiles, loadFixtures, renderFixture } from '../../src/fixtures/fixtures.ts';
import { placeholdersIn } from '../../src/fixtures/template.ts';
import { PLACEHOLDERS, sampleVariables } from '../../src/fixtures/vocabulary.ts';
import { validateAgainst } from '../../src/schema/validator.ts';

const files = listJsonFiles(FIXTURES_DIR);

describe('fixtures/entra lint', () => {
  it('has fixtures to lint', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [relative(FIXTURES_DIR, file), file]))('%s is valid JSON matching fixture.schema.json', (_, file) => {
    const fixture = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    expect(validateAgainst('fixture.schema.json', fixture)).toEqual([]);
  });

  it('names each fixture by its path', () => {
    for (const file of files) {
      const fixture = JSON.parse(readFileSync(file, 'utf8')) as { id: string };
      expect(fixture.id).toBe(relative(FIXTURES_DIR, file).split(sep).join('/').replace(/\.json$/, ''));
    }
  });

  it('expands every file into complete fixtures: one per file, or one per dialect form named <id>-<dialect>', () => {
    for (const [id, fixture] of loadFixtures()) {
      const { file, ...expanded } = fixture;
      expect(validateAgainst('fixture.schema.json', expanded), id).toEqual([]);
      expect(expanded, id).not.toHaveProperty('dialects');
      expect(id, file).toBe(id === file ? file : `${file}-${fixture.dialect}`);
    }
  });

  // One way to write a request shape: both dialects' forms in one file (convert with scripts/pair-fixtures.ts).
  it('holds no pair of one-dialect files that one file with both forms should replace', () => {
    const pairs = files.filter((file) => file.endsWith('-legacy.json') && existsSync(file.replace(/-legacy\.json$/, '-compliant.json')));
    expect(pairs.map((file) => relative(FIXTURES_DIR, file)), 'fold them with `npx tsx scripts/pair-fixtures.ts`').toEqual([]);
  });

  it('gives every fixture its own description', () => {
    const descriptions = [...loadFixtures().values()].map((fixture) => fixture.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });

  it('uses only placeholders from the vocabulary, and every fixture renders with it', () => {
    for (const [id, fixture] of loadFixtures()) {
      for (const name of placeholdersIn(fixture.request)) expect(Object.keys(PLACEHOLDERS), `${id}: {{${name}}}`).toContain(name);
      expect(() => renderFixture(id, sampleVariables()), id).not.toThrow();
    }
  });

  it('sends PATCH bodies that are PatchOp requests in the casing of their dialect', () => {
    for (const [id, fixture] of loadFixtures()) {
      if (fixture.request.method !== 'PATCH') continue;
      const body = renderFixture(id, sampleVariables()).body;
      expect(validateAgainst('scim/PatchOp.json', body), id).toEqual([]);
      const ops = (body as { Operations: { op: string }[] }).Operations.map((operation) => operation.op);
      // Legacy (default job) ops are capitalised; compliant (aadOptscim062020) ops are lower-case (ED-COMPAT).
      if (fixture.dialect === 'legacy') expect(ops.every((op) => /^[A-Z][a-z]+$/.test(op)), id).toBe(true);
      if (fixture.dialect === 'compliant') expect(ops.every((op) => /^[a-z]+$/.test(op)), id).toBe(true);
    }
  });

  it('sends writes with the Content-Type Entra sends (a form to the token endpoint, SCIM JSON everywhere else)', () => {
    for (const [id, fixture] of loadFixtures()) {
      if (fixture.request.body === undefined) continue;
      const expected = id.startsWith('oauth/') ? 'application/x-www-form-urlencoded' : 'application/scim+json; charset=utf-8';
      expect(fixture.request.headers?.['Content-Type'], id).toBe(expected);
    }
  });
});
