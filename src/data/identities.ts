/**
 * The catalogue of hard identities (fixtures/identities/*.json): people as real tenants have them, each class
 * with the Microsoft or RFC source that says Entra can send it. Data, not code: a class names the generated
 * values it overrides (userName, names, mail), as templates; the test data renders them for a run
 * (src/data/test-data.ts), so every value still carries the run prefix and a run is reproducible from its seed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const IDENTITIES_DIR = fileURLToPath(new URL('../../fixtures/identities/', import.meta.url));

/** Which checks a class is made for: read back as sent, found by its matching value, or its near misses found by nothing. */
export type IdentityUse = 'store' | 'filter' | 'near-miss';

export interface IdentityClass {
  id: string;
  /** What a report says a failure happened with: "fails for <label>". */
  label: string;
  source: string[];
  note?: string;
  uses: IdentityUse[];
  /** Every sample is created, side by side (neighbours that must not be confused); otherwise the seed picks one. */
  together?: boolean;
  /** `{{fill}}` pads a value to `lengths[generator]` characters with this text repeated. */
  fill?: string;
  lengths?: Record<string, number>;
  /** Generated values this class overrides, keyed by generator name; `{{prefix}}`, `{{n}}`, `{{runId}}`, `{{fill}}` are filled in. */
  samples: Record<string, string>[];
}

let cache: IdentityClass[] | undefined;

/** Every class, in file-name order (stable, so a seed picks the same samples). */
export function identityClasses(): IdentityClass[] {
  cache ??= readdirSync(IDENTITIES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(IDENTITIES_DIR, name), 'utf8')) as IdentityClass);
  return cache;
}

export function identityClass(id: string): IdentityClass {
  const found = identityClasses().find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no identity class "${id}" in fixtures/identities/`);
  return found;
}

export function classesFor(use: IdentityUse): IdentityClass[] {
  return identityClasses().filter((entry) => entry.uses.includes(use));
}

export interface IdentityVariables {
  prefix: string;
  runId: string;
  /** The identity's own sequence tag (`idn3`): unique within the run, apart from the ordinary users' numbers. */
  n: string;
}

/** One sample with its placeholders filled in and, where the class says so, padded to its length. */
export function renderSample(identity: IdentityClass, sample: Record<string, string>, variables: IdentityVariables): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [generator, template] of Object.entries(sample)) {
    const text = template.replaceAll('{{prefix}}', variables.prefix).replaceAll('{{runId}}', variables.runId).replaceAll('{{n}}', variables.n);
    rendered[generator] = pad(text, identity.lengths?.[generator], identity.fill);
  }
  return rendered;
}

/** Replaces `{{fill}}` with the fill text repeated until the value is `length` characters (code points) long. */
function pad(text: string, length: number | undefined, fill: string | undefined): string {
  if (!text.includes('{{fill}}')) return text;
  if (length === undefined || fill === undefined || fill === '') throw new Error(`"{{fill}}" needs a length and a fill text: ${text}`);
  const missing = length - [...text.replace('{{fill}}', '')].length;
  if (missing < 0) throw new Error(`"${text}" is longer than ${length} characters before padding`);
  const filler = fill.repeat(Math.ceil(missing / fill.length)).slice(0, missing);
  return text.replace('{{fill}}', filler);
}
