/**
 * Reads a file given as a profile: a profile written by `profile import` (or by hand), or an Entra
 * provisioning schema export (portal "Review your schema > Download", or the Graph response of
 * GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema). Which one it is follows from its shape.
 * Every problem is one ProfileInputError line naming the file and the JSON pointer.
 */
import { readFileSync } from 'node:fs';
import { validateAgainst } from '../../schema/validator.ts';
import type { Profile } from '../profile.ts';
import type { SynchronizationSchema } from './export-types.ts';

export class ProfileInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileInputError';
  }
}

export type ProfileInput = { kind: 'profile'; profile: Profile } | { kind: 'export'; schema: SynchronizationSchema };

export const EXPORT_SCHEMA = 'entra/synchronization-schema.json';
export const PROFILE_SCHEMA = 'profile.schema.json';

export function readProfileInput(file: string): ProfileInput {
  const document = readJson(file);
  if (isObject(document) && 'synchronizationRules' in document) {
    expectValid(file, EXPORT_SCHEMA, document, 'an Entra provisioning schema');
    return { kind: 'export', schema: document as unknown as SynchronizationSchema };
  }
  if (isObject(document) && 'user' in document && 'group' in document) {
    expectValid(file, PROFILE_SCHEMA, document, 'a profile');
    return { kind: 'profile', profile: document as unknown as Profile };
  }
  throw new ProfileInputError(
    `${file}: the file is neither an Entra provisioning schema (no "synchronizationRules") nor a profile (no "user" and "group"); ` +
      'download it from Provisioning > Attribute mapping > Show advanced options > Review your schema',
  );
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProfileInputError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    // The portal download may start with a byte-order mark.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // Node quotes a cut piece of the text ("…"... is not valid JSON): said without it, the message ends whole.
    const reason = (error as Error).message.split('\n')[0]!.replace(/, ".*$/s, '').replace(/ in JSON at position \d+.*$/, '');
    throw new ProfileInputError(`${file}: not JSON (${reason}); give a JSON file: an exported provisioning schema or a profile`);
  }
}

function expectValid(file: string, schemaPath: string, document: unknown, what: string): void {
  const [first, ...rest] = validateAgainst(schemaPath, document);
  if (first === undefined) return;
  const actual = first.actual === undefined ? 'nothing' : JSON.stringify(first.actual)?.slice(0, 80);
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new ProfileInputError(`${file}: ${first.pointer} should be ${first.expected}, got ${actual}, so this is not ${what} the suite can read${more}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
