/**
 * Target profiles: the attribute mapping Entra holds for a target (which SCIM paths it writes, which one it
 * matches on, which ones the target requires). Profiles are JSON data in fixtures/profiles/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROFILES_DIR = fileURLToPath(new URL('../../fixtures/profiles/', import.meta.url));

export type ResourceKind = 'user' | 'group';

/**
 * When Entra writes an attribute (attributeMapping.flowType, GRAPH-ATTRMAP): `Always` on create and update;
 * `ObjectAddOnly` only when it creates the object, never in a PATCH. Absent means `Always`.
 */
export type FlowType = 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';

export interface MappedAttribute {
  path: string;
  /** Entra marks the element `primary: true` (its work email does, ED-SCIM U-5). */
  primary?: boolean;
  type: 'string' | 'boolean' | 'reference' | 'integer' | 'dateTime';
  /** The attribute Entra filters on to find the target object. */
  matching: boolean;
  /** Among matching attributes, the order Entra tries them in: lowest first (attributeMapping.matchingPriority). */
  matchingPriority?: number;
  flowType?: FlowType;
  /** A Constant mapping: Entra sends exactly this value, on create only (a constant never changes). */
  constant?: string;
  /** What Entra sends when the source evaluates to null (attributeMapping.defaultValue). */
  defaultValue?: string;
  /** Set when the suite cannot evaluate the source expression and sends a generated value of the type instead. */
  generatedBecause?: string;
  /** The target rejects or cannot use an object without it. */
  required: boolean;
  /** The Entra-side source attribute or expression, for the report. */
  entraSource: string;
  /** Which test-data generator supplies its value (`none` for attributes Entra sets later, like members). */
  generate: string;
}

export interface ObjectMappingProfile {
  attributes: MappedAttribute[];
  /** false: the export disables this object mapping, so Entra sends nothing of this kind (objectMapping.enabled). */
  enabled?: boolean;
}

/** What a target can do that a mapping must respect (`profile check`); only built-in targets declare it. */
export interface TargetLimits {
  /** How an admin names the target, e.g. "Akamai EAA". */
  name: string;
  /** Attribute paths the target can filter on, per kind: a matching attribute must be one of them. */
  filterable: Record<ResourceKind, string[]>;
}

export interface Profile {
  id: string;
  title: string;
  source: string[];
  note?: string;
  /** Set on a profile imported from an Entra provisioning schema export. */
  imported?: { from: string; schemaVersion?: string; notes: string[] };
  target?: TargetLimits;
  user: ObjectMappingProfile;
  group: ObjectMappingProfile;
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

/**
 * The matching attributes in the order Entra tries them: lowest matchingPriority first (GRAPH-ATTRMAP); a
 * built-in profile's single `matching` attribute has no priority and comes first.
 */
export function matchingAttributes(profile: Profile, kind: ResourceKind): MappedAttribute[] {
  return profile[kind].attributes
    .filter((candidate) => candidate.matching)
    .sort((a, b) => (a.matchingPriority ?? 1) - (b.matchingPriority ?? 1));
}

/** The attribute Entra queries the target with first (the highest-precedence matching attribute). */
export function matchingAttribute(profile: Profile, kind: ResourceKind): MappedAttribute {
  const attribute = matchingAttributes(profile, kind)[0];
  if (!attribute) throw new Error(`profile ${profile.id} has no matching attribute for ${kind}s`);
  return attribute;
}

/** Attributes Entra writes when it creates or updates an object (reference attributes such as members come later by PATCH). */
export function writtenAttributes(profile: Profile, kind: ResourceKind): MappedAttribute[] {
  return profile[kind].attributes.filter((attribute) => attribute.type !== 'reference');
}

/**
 * Whether Entra ever sends this attribute in a PATCH. Not when it flows on create only (ObjectAddOnly), nor
 * when it only fills an empty value (AttributeAddOnly: the create already set it), nor for a constant, whose
 * value never changes after the create.
 */
export function isPatchable(attribute: MappedAttribute): boolean {
  return attribute.constant === undefined && attribute.flowType !== 'ObjectAddOnly' && attribute.flowType !== 'AttributeAddOnly';
}

/** false when the profile's object mapping for this kind is disabled: Entra then sends no such object. */
export function isProvisioned(profile: Profile, kind: ResourceKind): boolean {
  return profile[kind].enabled !== false;
}
