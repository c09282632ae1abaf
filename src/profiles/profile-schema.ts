/**
 * Derives a JSON Schema from a profile's required attributes: what every User or Group the target returns
 * must carry for the target to work (for akamai-eaa: userName and a work email value; a group displayName).
 * The committed files in schemas/profiles/ are generated from this (npm run schemas) and a test keeps them equal.
 */
import { parseMappedPath } from './mapped-path.ts';
import type { Profile, ResourceKind } from './profile.ts';

type Schema = Record<string, unknown>;

export function profileSchemaId(profileId: string, kind: ResourceKind): string {
  return `https://scim-conformance.dev/schemas/profiles/${profileId}/${schemaFileStem(kind)}.json`;
}

export function schemaFileStem(kind: ResourceKind): string {
  return kind === 'user' ? 'User' : 'Group';
}

export function deriveProfileSchema(profile: Profile, kind: ResourceKind): Schema {
  const required = profile[kind].attributes.filter((attribute) => attribute.required);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: profileSchemaId(profile.id, kind),
    title: `${profile.title}: attributes every ${kind} must carry`,
    description: `Generated from fixtures/profiles/${profile.id}.json by \`npm run schemas\`; do not edit by hand.`,
    allOf: required.map((attribute) => requireMappedPath(attribute.path)),
  };
}

function requireMappedPath(path: string): Schema {
  const parsed = parseMappedPath(path);
  const leaf: Schema = { type: 'string', minLength: 1 };
  let schema: Schema;
  if (parsed.typeFilter !== undefined) {
    schema = {
      type: 'object',
      required: [parsed.attribute],
      properties: {
        [parsed.attribute]: {
          type: 'array',
          contains: {
            type: 'object',
            required: ['type', parsed.subAttribute],
            properties: { type: { const: parsed.typeFilter }, [parsed.subAttribute!]: leaf },
          },
        },
      },
    };
  } else if (parsed.subAttribute !== undefined) {
    schema = {
      type: 'object',
      required: [parsed.attribute],
      properties: {
        [parsed.attribute]: { type: 'object', required: [parsed.subAttribute], properties: { [parsed.subAttribute]: leaf } },
      },
    };
  } else {
    schema = { type: 'object', required: [parsed.attribute], properties: { [parsed.attribute]: leaf } };
  }
  if (!parsed.schemaUrn) return { title: `${path} is present and non-empty`, ...schema };
  return {
    title: `${path} is present and non-empty`,
    type: 'object',
    required: [parsed.schemaUrn],
    properties: { [parsed.schemaUrn]: schema },
  };
}
