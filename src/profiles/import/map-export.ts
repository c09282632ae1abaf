/**
 * Turns an Entra provisioning schema export into a profile: the User and Group object mappings whose target
 * is a SCIM resource, each attribute mapping with its target path, matchingPriority, flowType, constant or
 * defaultValue, and the source it flows from. What the suite cannot reproduce exactly (an expression it does
 * not evaluate, a path it cannot write) is said per attribute, with the JSON pointer of the mapping.
 *
 * Read against the Graph reference pages (GRAPH-* in fixtures/entra-exports/README.md): objectMapping.enabled,
 * attributeMapping.{targetAttributeName, matchingPriority ("if higher than 0 … lowest value … first"),
 * flowType, defaultValue}, attributeMappingSource.{type, name, expression} and, from directories[], the target
 * attributeDefinition.{type, required}.
 */
import { basename } from 'node:path';
import { parseMappedPath } from '../mapped-path.ts';
import { CONSTANT_GENERATOR_PREFIX, CUSTOM_GENERATOR_PREFIX } from '../extra-generators.ts';
import { listProfileIds, loadProfile, type MappedAttribute, type ObjectMappingProfile, type Profile, type ResourceKind } from '../profile.ts';
import type { AttributeDefinition, AttributeMapping, ObjectMapping, SynchronizationSchema } from './export-types.ts';
import { ProfileInputError } from './read-input.ts';
import { describeSource, interpretSource } from './source-expression.ts';

/** One thing the import could not carry over exactly, for the admin to read. */
export interface ImportNote {
  pointer: string;
  kind: 'generated' | 'left-out' | 'duplicate' | 'disabled' | 'inferred';
  message: string;
}

export interface ImportResult {
  profile: Profile;
  notes: ImportNote[];
}

/**
 * The SCIM resource an object mapping writes, from its targetObjectName. Entra names the objects of a SCIM
 * app's directory by schema URN (the enterprise User URN for users, the core Group URN for groups); a plain
 * "User" is an Entra or AD object, i.e. not a SCIM target.
 */
function targetKind(targetObjectName: string): ResourceKind | undefined {
  if (/^urn:ietf:params:scim:schemas:(core|extension:enterprise):2\.0:User$/i.test(targetObjectName)) return 'user';
  if (/^urn:ietf:params:scim:schemas:core:2\.0:Group$/i.test(targetObjectName)) return 'group';
  return undefined;
}

interface Located {
  mapping: ObjectMapping;
  pointer: string;
  targetDirectoryName: string | undefined;
}

export function profileFromExport(schema: SynchronizationSchema, file: string): ImportResult {
  const found: Partial<Record<ResourceKind, Located>> = {};
  const notes: ImportNote[] = [];
  const targets: string[] = [];
  schema.synchronizationRules.forEach((rule, ruleIndex) =>
    rule.objectMappings.forEach((mapping, mappingIndex) => {
      const pointer = `/synchronizationRules/${ruleIndex}/objectMappings/${mappingIndex}`;
      targets.push(mapping.targetObjectName);
      const kind = targetKind(mapping.targetObjectName);
      if (kind === undefined) return;
      const existing = found[kind];
      // A second mapping to the same SCIM object: the enabled one is what Entra runs.
      if (existing === undefined || (existing.mapping.enabled === false && mapping.enabled !== false)) {
        found[kind] = { mapping, pointer, targetDirectoryName: rule.targetDirectoryName ?? undefined };
      }
    }),
  );
  if (found.user === undefined && found.group === undefined) {
    throw new ProfileInputError(
      `${file}: /synchronizationRules/*/objectMappings/*/targetObjectName has no SCIM User or Group target ` +
        `(found ${targets.map((name) => JSON.stringify(name)).join(', ') || 'no object mappings'}), so this is not the mapping of a SCIM app`,
    );
  }
  const definitions = (objectName: string): AttributeDefinition[] =>
    (schema.directories ?? []).flatMap((directory) => directory.objects ?? []).find((object) => object.name.toLowerCase() === objectName.toLowerCase())?.attributes ?? [];
  const fallback = loadProfile('entra-default');
  const mapped = (kind: ResourceKind): ObjectMappingProfile => {
    const located = found[kind];
    if (located === undefined) {
      notes.push({
        pointer: '/synchronizationRules',
        kind: 'inferred',
        message: `no ${kind} object mapping targets SCIM; ${kind}s are not provisioned (Test Connection still queries them by the default attribute)`,
      });
      return { enabled: false, attributes: fallback[kind].attributes };
    }
    const result = mapObject(kind, located, definitions(located.mapping.targetObjectName), notes);
    if (located.mapping.enabled === false) {
      notes.push({ pointer: `${located.pointer}/enabled`, kind: 'disabled', message: `the ${kind} object mapping is disabled: Entra sends no ${kind}s, so no ${kind} case runs` });
      result.enabled = false;
    }
    return result;
  };
  const user = mapped('user');
  const group = mapped('group');
  const directoryName = found.user?.targetDirectoryName ?? found.group?.targetDirectoryName;
  const profile: Profile = {
    id: profileIdFor(file),
    title: `Imported from ${basename(file)}${directoryName ? ` (target directory ${directoryName})` : ''}`,
    source: ['GRAPH-SCHEMA', 'ED-EXPORT'],
    imported: { from: basename(file), ...(schema.version ? { schemaVersion: schema.version } : {}), notes: notes.map((note) => `${note.pointer}: ${note.message}`) },
    user,
    group,
  };
  return { profile, notes };
}

function mapObject(kind: ResourceKind, located: Located, definitions: AttributeDefinition[], notes: ImportNote[]): ObjectMappingProfile {
  const attributes: MappedAttribute[] = [];
  located.mapping.attributeMappings.forEach((mapping, index) => {
    const pointer = `${located.pointer}/attributeMappings/${index}`;
    const attribute = mapAttribute(kind, mapping, pointer, definitions, notes);
    if (attribute === undefined) return;
    const twin = attributes.find((other) => other.path.toLowerCase() === attribute.path.toLowerCase());
    if (twin !== undefined) {
      notes.push({
        pointer: `${pointer}/targetAttributeName`,
        kind: 'duplicate',
        message: `${attribute.path} is mapped twice (from ${twin.entraSource} and from ${attribute.entraSource}); the suite sends the first`,
      });
      return;
    }
    attributes.push(attribute);
  });
  if (!attributes.some((attribute) => attribute.matching)) {
    throw new ProfileInputError(`${located.pointer}/attributeMappings: no attribute has matchingPriority above 0, so Entra could not find any existing ${kind}`);
  }
  return { attributes };
}

function mapAttribute(
  kind: ResourceKind,
  mapping: AttributeMapping,
  pointer: string,
  definitions: AttributeDefinition[],
  notes: ImportNote[],
): MappedAttribute | undefined {
  const path = mapping.targetAttributeName;
  try {
    parseMappedPath(path);
  } catch {
    notes.push({ pointer: `${pointer}/targetAttributeName`, kind: 'left-out', message: `${path} is a target path the suite cannot write; it is left out of every request` });
    return undefined;
  }
  const known = KNOWN[kind].get(path.toLowerCase());
  const definition = definitions.find((candidate) => candidate.name.toLowerCase() === path.toLowerCase());
  const type = typeOf(definition, known);
  const source = interpretSource(mapping.source, path);
  if (source.leftOutBecause !== undefined) {
    notes.push({ pointer: `${pointer}/source`, kind: 'left-out', message: `${path}: ${source.leftOutBecause}; it is left out of every request` });
    return undefined;
  }
  const matching = (mapping.matchingPriority ?? 0) > 0;
  const attribute: MappedAttribute = {
    path,
    ...(known?.primary ? { primary: true } : {}),
    type,
    matching,
    ...(matching ? { matchingPriority: mapping.matchingPriority! } : {}),
    // Without a directory definition, only the first matching attribute is taken as required: Entra cannot
    // match without it. (An inference; the export's attributeDefinition.required wins when present.)
    required: definition?.required ?? (matching && mapping.matchingPriority === 1),
    ...(mapping.flowType && mapping.flowType !== 'Always' ? { flowType: mapping.flowType } : {}),
    ...(source.constant === undefined ? {} : { constant: source.constant }),
    ...(mapping.defaultValue ? { defaultValue: mapping.defaultValue } : {}),
    entraSource: describeSource(mapping.source),
    generate:
      source.constant !== undefined
        ? `${CONSTANT_GENERATOR_PREFIX}${path}`
        : type === 'reference'
          ? 'none'
          : source.generator ?? known?.generate ?? `${CUSTOM_GENERATOR_PREFIX}${path}`,
    ...(source.notEvaluated ? { generatedBecause: source.notEvaluated } : {}),
  };
  if (source.notEvaluated && type !== 'reference') {
    notes.push({ pointer: `${pointer}/source`, kind: 'generated', message: `${path}: ${source.notEvaluated}; the suite sends a generated ${type} instead` });
  }
  return attribute;
}

function typeOf(definition: AttributeDefinition | undefined, known: MappedAttribute | undefined): MappedAttribute['type'] {
  switch (definition?.type) {
    case 'Boolean':
      return 'boolean';
    case 'Integer':
      return 'integer';
    case 'DateTime':
      return 'dateTime';
    case 'Reference':
      return 'reference';
    case 'String':
    case 'Binary':
      return 'string';
    default:
      return known?.type ?? 'string';
  }
}

/** The attributes of the built-in profiles by path: their generators, types and `primary` carry over. */
const KNOWN: Record<ResourceKind, Map<string, MappedAttribute>> = (() => {
  const table: Record<ResourceKind, Map<string, MappedAttribute>> = { user: new Map(), group: new Map() };
  for (const id of listProfileIds()) {
    const profile = loadProfile(id);
    for (const kind of ['user', 'group'] as const) {
      for (const attribute of profile[kind].attributes) {
        if (!table[kind].has(attribute.path.toLowerCase())) table[kind].set(attribute.path.toLowerCase(), attribute);
      }
    }
  }
  return table;
})();

/** A profile id from the file name; never a built-in id, so an import cannot shadow a built-in profile. */
export function profileIdFor(file: string): string {
  const slug =
    basename(file)
      .replace(/\.json$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'imported';
  return listProfileIds().includes(slug) ? `${slug}-imported` : slug;
}
