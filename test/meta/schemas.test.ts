/**
 * Every schema in schemas/ is a valid draft 2020-12 schema that compiles under ajv's strict mode. Runs skip
 * the meta-schema check for speed (src/schema/validator.ts), so it is made here, once, for all of them.
 */
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR, loadSchemas } from '../../src/schema/validator.ts';
import { listJsonFiles } from '../../src/fixtures/fixtures.ts';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

describe('schemas/', () => {
  const ajv = loadSchemas({ checkAgainstMetaSchema: true });
  const files = listJsonFiles(SCHEMAS_DIR);

  it('holds schemas', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [relative(SCHEMAS_DIR, file), file]))('%s is a valid 2020-12 schema that compiles', (_, file) => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string };
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(typeof ajv.getSchema(schema.$id)).toBe('function');
  });

  it('rejects a schema that breaks the meta-schema, so the check above can fail', () => {
    expect(ajv.validateSchema({ type: 'no-such-type' })).toBe(false);
  });
});
