/**
 * `--profile` / SCIM_PROFILE: a built-in profile name, a profile file, or an Entra provisioning schema
 * export (told apart by shape). A profile from a file gets its required-attribute schemas derived and
 * registered here, as a built-in one has them committed in schemas/profiles/.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerSchema } from '../schema/validator.ts';
import { profileFromExport, type ImportNote } from './import/map-export.ts';
import { ProfileInputError, readProfileInput } from './import/read-input.ts';
import { deriveProfileSchema } from './profile-schema.ts';
import { listProfileIds, loadProfile, type Profile } from './profile.ts';

/** Repository-relative files (the fixtures a fault variant names) resolve from here when not from the working directory. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ResolvedProfile {
  profile: Profile;
  /** Short hash of the mapping itself: two runs with the same hash sent the same attributes the same way. */
  hash: string;
  notes: ImportNote[];
}

export function resolveProfile(nameOrFile: string): ResolvedProfile {
  if (listProfileIds().includes(nameOrFile)) {
    const profile = loadProfile(nameOrFile);
    return { profile, hash: profileHash(profile), notes: [] };
  }
  const file = existsSync(nameOrFile) || !existsSync(join(PACKAGE_ROOT, nameOrFile)) ? nameOrFile : join(PACKAGE_ROOT, nameOrFile);
  if (!existsSync(file)) {
    throw new ProfileInputError(`${nameOrFile} is neither a built-in profile (${listProfileIds().join(', ')}) nor a file`);
  }
  const input = readProfileInput(file);
  const { profile, notes } = input.kind === 'export' ? profileFromExport(input.schema, file) : { profile: input.profile, notes: [] };
  if (listProfileIds().includes(profile.id)) profile.id = `${profile.id}-file`;
  for (const kind of ['user', 'group'] as const) registerSchema(deriveProfileSchema(profile, kind) as { $id: string });
  return { profile, hash: profileHash(profile), notes };
}

export function profileHash(profile: Profile): string {
  const mapping = { user: profile.user, group: profile.group };
  return createHash('sha256').update(JSON.stringify(mapping)).digest('hex').slice(0, 12);
}
