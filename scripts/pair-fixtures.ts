/**
 * Folds every pair of one-dialect fixture files (`<slug>-legacy.json` and `<slug>-compliant.json`) into one
 * file `<slug>.json` with a form per dialect (see src/fixtures/fixtures.ts). The fixture ids stay the same,
 * so cases, reports and baselines are untouched. Fields equal in both files are written once; what differs
 * stays in each form. A pair whose method or path differ is left as it is, with a line saying why.
 *
 *   npx tsx scripts/pair-fixtures.ts            folds every pair under fixtures/entra/
 *   npx tsx scripts/pair-fixtures.ts --check    lists the pairs it would fold; exit 1 when there are any
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { FIXTURES_DIR, expandFixtureFile, listJsonFiles, type Fixture, type FixtureFile, type FixtureForm } from '../src/fixtures/fixtures.ts';

const check = process.argv.includes('--check');
let pending = 0;
for (const legacyPath of listJsonFiles(FIXTURES_DIR).filter((path) => path.endsWith('-legacy.json'))) {
  const compliantPath = legacyPath.replace(/-legacy\.json$/, '-compliant.json');
  if (!existsSync(compliantPath)) continue;
  const legacy = JSON.parse(readFileSync(legacyPath, 'utf8')) as Fixture;
  const compliant = JSON.parse(readFileSync(compliantPath, 'utf8')) as Fixture;
  const paired = pairOf(legacy, compliant);
  if (typeof paired === 'string') {
    process.stderr.write(`left apart: ${legacy.id} and ${compliant.id}: ${paired}\n`);
    continue;
  }
  pending += 1;
  const target = legacyPath.replace(/-legacy\.json$/, '.json');
  process.stdout.write(`${check ? 'would fold' : 'folded'} ${legacy.id} + ${compliant.id} → ${paired.id}\n`);
  if (check) continue;
  writeFileSync(target, `${formatJson(paired)}\n`);
  rmSync(legacyPath);
  rmSync(compliantPath);
}
if (check && pending > 0) process.exit(1);

/** The one file for both forms, or why there cannot be one. Checked by expanding it back. */
function pairOf(legacy: Fixture, compliant: Fixture): FixtureFile | string {
  const id = legacy.id.replace(/-legacy$/, '');
  if (compliant.id !== `${id}-compliant`) return 'their ids do not name the same request';
  if (legacy.request.method !== compliant.request.method || legacy.request.path !== compliant.request.path) return 'method or path differ';
  const same = (key: 'source' | 'note' | 'description'): boolean => JSON.stringify(legacy[key]) === JSON.stringify(compliant[key]);
  const sameHeaders = JSON.stringify(legacy.request.headers) === JSON.stringify(compliant.request.headers);
  const shared: FixtureFile = { id, request: { method: legacy.request.method, path: legacy.request.path } };
  if (same('source')) shared.source = legacy.source;
  if (same('note') && legacy.note !== undefined) shared.note = legacy.note;
  if (sameHeaders && legacy.request.headers) shared.request.headers = legacy.request.headers;
  const formOf = (fixture: Fixture): FixtureForm => {
    const form: FixtureForm = { description: fixture.description };
    if (!same('source')) form.source = fixture.source;
    if (!same('note') && fixture.note !== undefined) form.note = fixture.note;
    const request: FixtureForm['request'] = {};
    if (!sameHeaders && fixture.request.headers) request.headers = fixture.request.headers;
    if (fixture.request.body !== undefined) request.body = fixture.request.body;
    if (Object.keys(request).length > 0) form.request = request;
    return form;
  };
  const file: FixtureFile = { ...shared, dialects: { legacy: formOf(legacy), compliant: formOf(compliant) } };
  // Lossless or not at all: the file must expand into exactly the two fixtures it replaces.
  const [backLegacy, backCompliant] = expandFixtureFile(file);
  if (!sameFixture(backLegacy, legacy) || !sameFixture(backCompliant, compliant)) return 'they would not expand back to the same requests';
  return file;
}

function sameFixture(a: Fixture | undefined, b: Fixture): boolean {
  const canonical = (fixture: Fixture): string => JSON.stringify(fixture, Object.keys(fixture).sort());
  return a !== undefined && canonical({ ...a, request: a.request }) === canonical(b) && JSON.stringify(a.request) === JSON.stringify(b.request);
}

/** JSON in the fixtures' own layout: a value that fits on its line stays inline (`{ "op": "add", … }`). */
function formatJson(value: unknown, indent = ''): string {
  const inline = inlineJson(value);
  if (indent.length + inline.length <= 110 || value === null || typeof value !== 'object') return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([key, child]) => `${inner}${JSON.stringify(key)}: ${formatJson(child, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, child]) => `${JSON.stringify(key)}: ${inlineJson(child)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}
