/**
 * Validates response bodies against the JSON Schemas in schemas/ (ajv, draft 2020-12). A violation is
 * reported as one sentence naming the JSON pointer, what the schema expected and what the body held.
 */
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadPrecompiled, schemaFiles, schemasDigest } from './precompiled.ts';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const SCHEMA_BASE = 'https://scim-conformance.dev/schemas/';

// ajv and ajv-formats are CommonJS and take about 200 ms to load: they are required on the first validation
// that the validators generated at build time (./precompiled.ts) cannot answer, so a run from dist/ with the
// committed schemas never loads them, and commands that validate nothing (`--help`, `list`) never do.
const require = createRequire(import.meta.url);

export interface SchemaViolation {
  /** JSON pointer into the body, `/` for the root. */
  pointer: string;
  expected: string;
  actual: unknown;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();
// undefined: not looked for yet; null: none usable (running from src/, or a stale build).
let precompiled: Record<string, ValidateFunction> | null | undefined;
// Schemas registered at run time replace a committed one of the same $id: only ajv knows them.
const registered = new Set<string>();

function instance(): Ajv2020 {
  ajv ??= loadSchemas({ checkAgainstMetaSchema: false });
  return ajv;
}

function precompiledFor(schemaPath: string): ValidateFunction | undefined {
  if (registered.has(schemaPath)) return undefined;
  precompiled ??= loadPrecompiled(import.meta.url, schemaFiles(SCHEMAS_DIR)) ?? null;
  return precompiled?.[schemaPath];
}

/**
 * An ajv holding every schema in schemas/, compiled on first use. Checking each schema against the draft
 * 2020-12 meta-schema compiles that meta-schema, which costs a run about 400 ms; the schemas are committed
 * files, so test/meta/schemas.test.ts does that check once instead of every run.
 */
export function loadSchemas({ checkAgainstMetaSchema, source = false }: { checkAgainstMetaSchema: boolean; source?: boolean }): Ajv2020 {
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as { default: (instance: Ajv2020) => Ajv2020 };
  const loaded = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    validateSchema: checkAgainstMetaSchema,
    code: { source },
  });
  formats.default(loaded);
  for (const text of schemaFiles(SCHEMAS_DIR).values()) loaded.addSchema(JSON.parse(text));
  return loaded;
}

/**
 * The CommonJS module `npm run build` writes next to the compiled validator: ajv's own standalone code for
 * every schema in schemas/, exported by its path, and the digest of the files it was generated from.
 */
export function precompiledSource(): string {
  const files = schemaFiles(SCHEMAS_DIR);
  const standaloneCode = require('ajv/dist/standalone') as { default: (ajv: Ajv2020, refs: Record<string, string>) => string };
  const refs = Object.fromEntries([...files.keys()].map((path) => [path, SCHEMA_BASE + path]));
  return `${standaloneCode.default(loadSchemas({ checkAgainstMetaSchema: false, source: true }), refs)}\nexports.digest = ${JSON.stringify(schemasDigest(files))};\n`;
}

/** `scim/User.json` or `profiles/akamai-eaa/User.json` → its compiled validator. */
function validatorFor(schemaPath: string): ValidateFunction {
  let validate = compiled.get(schemaPath);
  if (!validate) {
    validate = precompiledFor(schemaPath) ?? instance().getSchema(SCHEMA_BASE + schemaPath);
    if (!validate) throw new Error(`no schema ${schemaPath} in ${join(SCHEMAS_DIR)}`);
    compiled.set(schemaPath, validate);
  }
  return validate;
}

export function validateAgainst(schemaPath: string, body: unknown): SchemaViolation[] {
  const validate = validatorFor(schemaPath);
  if (validate(body)) return [];
  return simplify(validate.errors ?? [], body);
}

/**
 * Adds (or replaces) a schema built at run time: the required-attribute schemas of a profile imported from
 * a file, which has no committed file in schemas/profiles/.
 */
export function registerSchema(schema: { $id: string }): void {
  const ajvInstance = instance();
  if (ajvInstance.getSchema(schema.$id) !== undefined) ajvInstance.removeSchema(schema.$id);
  ajvInstance.addSchema(schema);
  const schemaPath = schema.$id.replace(SCHEMA_BASE, '');
  registered.add(schemaPath);
  compiled.delete(schemaPath);
}

/** Keeps the errors a person can act on: drops the umbrella `allOf`/`if` entries ajv adds around real ones. */
function simplify(errors: ErrorObject[], body: unknown): SchemaViolation[] {
  // An element that fails a `contains` test is not itself wrong: only the missing element is worth reporting.
  const containsPaths = errors.filter((error) => error.keyword === 'contains').map((error) => `${error.instancePath}/`);
  const meaningful = errors.filter(
    (error) =>
      !['allOf', 'if', 'anyOf'].includes(error.keyword) &&
      !containsPaths.some((path) => error.instancePath.startsWith(path)),
  );
  const seen = new Set<string>();
  const violations: SchemaViolation[] = [];
  for (const error of meaningful.length > 0 ? meaningful : errors) {
    const violation = describe(error, body);
    const key = `${violation.pointer} ${violation.expected}`;
    if (!seen.has(key)) {
      seen.add(key);
      violations.push(violation);
    }
  }
  return violations;
}

function describe(error: ErrorObject, body: unknown): SchemaViolation {
  const base = error.instancePath || '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${base}/${String(params.missingProperty)}`, expected: 'present', actual: undefined };
    case 'type':
      return { pointer: base || '/', expected: `a ${String(params.type)}`, actual: valueAt(body, base) };
    case 'const':
      return { pointer: base || '/', expected: JSON.stringify(params.allowedValue), actual: valueAt(body, base) };
    case 'contains':
      return { pointer: base || '/', expected: `an element ${containsText(error)}`, actual: valueAt(body, base) };
    default:
      return { pointer: base || '/', expected: `a value that ${error.message ?? error.keyword}`, actual: valueAt(body, base) };
  }
}

function containsText(error: ErrorObject): string {
  const schema = error.schema as Record<string, unknown> | undefined;
  if (schema && 'const' in schema) return `equal to ${JSON.stringify(schema.const)}`;
  const props = (schema?.properties ?? {}) as Record<string, { const?: unknown }>;
  const fixed = Object.entries(props)
    .filter(([, rule]) => rule.const !== undefined)
    .map(([key, rule]) => `${key} = ${JSON.stringify(rule.const)}`);
  const required = (schema?.required as string[] | undefined) ?? [];
  const parts = [...fixed, ...required.filter((key) => !(props[key]?.const !== undefined)).map((key) => `a non-empty ${key}`)];
  return parts.length > 0 ? `with ${parts.join(' and ')}` : 'matching the schema';
}

export function valueAt(body: unknown, pointer: string): unknown {
  if (!pointer) return body;
  let current: unknown = body;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
