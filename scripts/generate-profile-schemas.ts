/** Regenerates schemas/profiles/<profile>/{User,Group}.json from the profiles' required attributes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { listProfileIds, loadProfile } from '../src/profiles/profile.ts';
import { deriveProfileSchema, schemaFileStem } from '../src/profiles/profile-schema.ts';

const root = fileURLToPath(new URL('../schemas/profiles/', import.meta.url));
for (const id of listProfileIds()) {
  const profile = loadProfile(id);
  mkdirSync(join(root, id), { recursive: true });
  for (const kind of ['user', 'group'] as const) {
    const file = join(root, id, `${schemaFileStem(kind)}.json`);
    writeFileSync(file, `${JSON.stringify(deriveProfileSchema(profile, kind), null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
