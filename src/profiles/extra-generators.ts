/**
 * Attributes of an imported mapping that no built-in generator covers (a custom extension attribute, a
 * constant) name a generator of their own; this turns them into what TestData needs to produce values.
 */
import type { ExtraGenerator, ExtraGenerators } from '../data/test-data.ts';
import type { MappedAttribute, Profile, ResourceKind } from './profile.ts';

export const CUSTOM_GENERATOR_PREFIX = 'custom:';
export const CONSTANT_GENERATOR_PREFIX = 'constant:';

export function extraGenerators(profile: Profile): ExtraGenerators {
  const of = (kind: ResourceKind): ExtraGenerator[] =>
    profile[kind].attributes.filter(isExtra).map((attribute) => ({
      name: attribute.generate,
      type: attribute.type === 'reference' ? 'string' : attribute.type,
      ...(attribute.constant === undefined ? {} : { constant: attribute.constant }),
    }));
  return { user: of('user'), group: of('group') };
}

function isExtra(attribute: MappedAttribute): boolean {
  return attribute.generate.startsWith(CUSTOM_GENERATOR_PREFIX) || attribute.generate.startsWith(CONSTANT_GENERATOR_PREFIX);
}
