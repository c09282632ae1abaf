/**
 * Target profiles: the attribute mapping Entra holds for a target (which SCIM paths it writes, which one it
 * matches on, which ones the target requires). Profiles are JSON data in fixtures/profiles/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROFILES_DIR = fileURLToPath(new URL('../../fixtures/profiles/', import.meta.url));

export type ResourceKind = 'user' | 'group';

export interface MappedAttribute {
  path: string;
  /** Entra marks the element `primary: true` (its work email does, ED-SCIM U-5). */
  primary?: boolean;
  type: 'string' | 'boolean' | 'reference';
  /** The attribute Entra filters on to find the target object. */
  matching: boolean;
  /** The target rejects or cannot use an object without it. */
  required: boolean;
  /** The Entra-side source attribute or expression, for the report. */
  entraSource: string;
  /** Which test-data generator supplies its value (`none` for attributes Entra sets later, like members). */
  generate: string;
}

export interface Profile {
  id: string;
  title: string;
  source: string[];
  note?: string;
  user: { attributes: MappedAttribute[] };
  group: { attributes: MappedAttribute[] };
}

export function listProfileIds(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

export function loadProfile(id: string): Profile {
  const known = listProfileIds();
  if (!known.includes(id)) {
    throw new Error(`unknown profile "${id}"; known profiles: ${known.join(', ')}`);
  }
  return JSON.parse(readFileSync(join(PROFILES_DIR, `${id}.json`), 'utf8')) as Profile;
}

/** The single attribute Entra queries the target with (the highest-precedence matching attribute). */
export function matchingAttribute(profile: Profile, kind: ResourceKind): MappedAttribute {
  const attribute = profile[kind].attributes.find((candidate) => candidate.matching);
  if (!attribute) throw new Error(`profile ${profile.id} has no matching attribute for ${kind}s`);
  return attribute;
}

/** Attributes Entra writes when it creates or updates an object (reference attributes such as members come later by PATCH). */
export function writtenAttributes(profile: Profile, kind: ResourceKind): MappedAttribute[] {
  return profile[kind].attributes.filter((attribute) => attribute.type !== 'reference');
}
