/**
 * The validators `npm run build` generates (src/schema/precompiled.ts) judge every body as ajv compiling the
 * same schemas at run time does: same verdict, same errors. And a generated module made from other schema
 * files than those on disk is not used.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, listJsonFiles, loadFixtures, renderFixture } from '../../src/fixtures/fixtures.ts';
import { sampleVariables } from '../../src/fixtures/vocabulary.ts';
import { PRECOMPILED_FILE, loadPrecompiled, schemaFiles } from '../../src/schema/precompiled.ts';
import { SCHEMAS_DIR, loadSchemas, precompiledSource } from '../../src/schema/validator.ts';

// Inside node_modules/, so the generated module's require('ajv/…') resolves as it does from dist/schema/.
const dir = mkdtempSync(join(SCHEMAS_DIR, '../node_modules/.precompiled-test-'));
const moduleUrl = pathToFileURL(join(dir, 'validator.js')).href;
writeFileSync(join(dir, PRECOMPILED_FILE), precompiledSource());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Bodies of every shape the schemas meet: requests Entra sends, fixture files, results, and broken ones.
const bodies: unknown[] = [
  {},
  [],
  null,
  'text',
  { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 42, emails: [{ type: 'home', value: 'x' }] },
  { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: '1', Resources: [{}] },
  { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 400 },
  { id: 'x', meta: { created: 'yesterday', location: ':: not a uri', lastModified: '2026-01-01T00:00:00Z' } },
  ...[...loadFixtures().keys()].map((id) => renderFixture(id, sampleVariables()).body),
  ...listJsonFiles(FIXTURES_DIR).slice(0, 40).map((file) => JSON.parse(readFileSync(file, 'utf8')) as unknown),
];

describe('precompiled schema validators', () => {
  const files = schemaFiles(SCHEMAS_DIR);
  const precompiled = loadPrecompiled(moduleUrl, files);
  const ajv = loadSchemas({ checkAgainstMetaSchema: false });

  it('exist for every schema file', () => {
    expect(precompiled).toBeDefined();
    for (const path of files.keys()) expect(typeof precompiled?.[path], path).toBe('function');
  });

  it.each([...files.keys()])('%s: same verdict and errors as ajv at run time', (path) => {
    const runtime = ajv.getSchema(`https://scim-conformance.dev/schemas/${path}`)!;
    const generated = precompiled![path]!;
    for (const body of bodies) {
      const expected = runtime(body);
      expect(generated(body), JSON.stringify(body)).toBe(expected);
      const errors = (validate: typeof runtime) => (validate.errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
      expect(errors(generated)).toEqual(errors(runtime));
    }
  });

  it('are not used when the schema files changed since they were generated', () => {
    const changed = new Map(files);
    changed.set('scim/User.json', `${files.get('scim/User.json')} `);
    expect(loadPrecompiled(moduleUrl, changed)).toBeUndefined();
  });

  it('are not looked for where none were generated (running from src/)', () => {
    expect(loadPrecompiled(pathToFileURL(join(SCHEMAS_DIR, 'validator.js')).href, files)).toBeUndefined();
  });
});
