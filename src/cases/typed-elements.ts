/**
 * The first value of every typed element the profile maps (issue 10, item 1), generalising USR-TYPED-01
 * (the mobile phone) to the work email, the work phone, the work address and any other
 * `attribute[type eq "…"].sub` path: a user whose element is empty in Entra is created without it, gets
 * each of its values later by `Add`/`add` on the typed path, and a change by `Replace`/`replace`. Each step
 * is read back, and the user's other typed elements must survive every one.
 *
 * An element the profile requires never gets a first value this way: a user without it cannot be created
 * there (Akamai EAA requires the work email; USR-CREATE-06 judges that refusal), so the case does not apply
 * to it, and runs only for profiles with some other typed element.
 */
import { parseMappedPath } from '../profiles/mapped-path.ts';
import { isPatchable, writtenAttributes, type MappedAttribute, type Profile } from '../profiles/profile.ts';
import { expectMappedValue } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

export const MOBILE_PHONE_PATH = 'phoneNumbers[type eq "mobile"].value';

/** The two requests that give a typed element its first value and then change it. */
export interface TypedValueFixtures {
  add: string;
  replace: string;
}

const GENERIC_FIXTURES: TypedValueFixtures = { add: 'users/add-typed-value-{dialect}', replace: 'users/replace-typed-value-{dialect}' };

/** Typed paths of one element (`addresses[type eq "work"]`): they are empty together, so they arrive together. */
interface TypedElement {
  element: string;
  attributes: MappedAttribute[];
}

const typedElementOf = (path: string): string | undefined => {
  const parsed = parseMappedPath(path);
  return parsed.typeFilter === undefined ? undefined : `${parsed.attribute.toLowerCase()}[type eq "${parsed.typeFilter.toLowerCase()}"]`;
};

/** Every typed attribute the profile writes, with a generator (what the user is created with). */
export function typedAttributes(profile: Profile): MappedAttribute[] {
  return writtenAttributes(profile, 'user').filter((attribute) => typedElementOf(attribute.path) !== undefined && attribute.generate !== 'none');
}

/**
 * The elements this case adds: typed, patchable, not required, and not the mobile phone (USR-TYPED-01 is its
 * case). Grouped by element, in the profile's order.
 */
export function elementsToAdd(profile: Profile): TypedElement[] {
  const elements = new Map<string, MappedAttribute[]>();
  for (const attribute of typedAttributes(profile)) {
    const element = typedElementOf(attribute.path) as string;
    if (element === typedElementOf(MOBILE_PHONE_PATH)) continue;
    elements.set(element, [...(elements.get(element) ?? []), attribute]);
  }
  return [...elements]
    .filter(([, attributes]) => attributes.every((attribute) => isPatchable(attribute) && !attribute.required))
    .map(([element, attributes]) => ({ element, attributes }));
}

export const typedElementCases: ConformanceCase[] = [
  {
    id: 'USR-TYPED-02',
    level: 'MUST',
    name: 'MUST store the first value Entra adds on each other typed path the profile maps, then its change, keeping the other typed elements',
    area: 'users',
    spec: ['RFC7644-3.5.2.1', 'RFC7644-3.5.2.3', 'ENTRA-ED-COMPAT', 'ENTRA-ED-ATTR', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    appliesTo: (profile) => elementsToAdd(profile).length > 0,
    fixtures: ['users/create', 'users/add-typed-value-{dialect}', 'users/replace-typed-value-{dialect}', 'users/get-by-id'],
    judges: 'users/add-typed-value-{dialect}',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra records the add as a success and does not send it again, so an e-mail address, phone number or address entered after the user was provisioned never reaches the target.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      for (const { attributes } of elementsToAdd(context.profile)) await addElement(context, attributes, GENERIC_FIXTURES);
    },
  },
];

/** Creates a user without the element, adds its values one by one, then changes the first of them. */
export async function addElement(context: CaseContext, attributes: readonly MappedAttribute[], fixtures: TypedValueFixtures): Promise<void> {
  const user = await context.createUser(attributes.map((attribute) => attribute.generate));
  const added = context.data.user();
  const expected = new Map<string, unknown>();
  for (const attribute of attributes) {
    expected.set(attribute.path, added[attribute.generate]);
    await patchAndExpect(context, fixtures.add, user, attribute, expected);
  }
  const first = attributes[0] as MappedAttribute;
  expected.set(first.path, context.data.user()[first.generate]);
  await patchAndExpect(context, fixtures.replace, user, first, expected);
}

async function patchAndExpect(
  context: CaseContext,
  fixtureId: string,
  user: CreatedResource,
  attribute: MappedAttribute,
  expected: ReadonlyMap<string, unknown>,
): Promise<void> {
  const typedValue = expected.get(attribute.path);
  // A fixture for one path names its value by generator ({{mobilePhone}}), the generic one {{typedValue}}.
  const variables = { userId: user.id, typedPath: attribute.path, typedValue, [attribute.generate]: typedValue };
  expectPatchAccepted(await context.send(fixtureId, variables), 'user');
  const { reply, resource } = await readBack(context, 'user', user.id);
  for (const [path, value] of expected) expectMappedValue(reply, resource, path, value);
  // The user's other typed elements must not be replaced or dropped (a server that rewrites the whole array).
  for (const other of typedAttributes(context.profile)) {
    if (!expected.has(other.path) && user.values[other.generate] !== undefined) expectMappedValue(reply, resource, other.path, user.values[other.generate]);
  }
}
