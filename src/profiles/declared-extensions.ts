/**
 * The custom extension schemas a profile's mapping writes to (any URN but the core and enterprise ones), as a
 * target built for that mapping declares them in /Schemas. The embedded reference server is started with them,
 * so a run of an imported mapping against it judges discoverability (DISC-03) as such a target would pass it.
 */
import type { DeclaredExtension } from '../server/types.ts';
import { ENTERPRISE_USER_URN, parseMappedPath } from './mapped-path.ts';
import type { Profile } from './profile.ts';

export function customExtensionsOf(profile: Profile): DeclaredExtension[] {
  const bySchema = new Map<string, Set<string>>();
  for (const attribute of [...profile.user.attributes, ...profile.group.attributes]) {
    if (!attribute.path.startsWith('urn:')) continue;
    const { schemaUrn, attribute: name } = parseMappedPath(attribute.path);
    if (schemaUrn === undefined || schemaUrn.toLowerCase() === ENTERPRISE_USER_URN.toLowerCase()) continue;
    const names = bySchema.get(schemaUrn) ?? new Set<string>();
    names.add(name);
    bySchema.set(schemaUrn, names);
  }
  return [...bySchema].map(([schema, names]) => ({ schema, attributes: [...names] }));
}
