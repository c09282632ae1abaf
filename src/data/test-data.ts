/**
 * Test data for the objects a run creates. Seeded faker makes a run reproducible from its seed; every name
 * carries the run's prefix (`scimconf-<runId>-`), so nothing collides with real users or groups and leftovers
 * of a run are recognisable. Domains are example.com (RFC 2606): no mail can ever reach a real person.
 */
import type { Faker } from '@faker-js/faker';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { identityClass, renderSample } from './identities.ts';
import { seededRandom } from './seeded-random.ts';

export interface TestDataOptions {
  seed: number;
  runId: string;
  /** Values an imported mapping needs beyond the built-in generators: its custom attributes and constants. */
  extra?: ExtraGenerators;
}

/** A generator for one attribute no built-in generator covers: a constant, or a fresh value of a type. */
export interface ExtraGenerator {
  name: string;
  type: 'string' | 'boolean' | 'integer' | 'dateTime';
  constant?: string;
}

export type ExtraGenerators = Record<'user' | 'group', ExtraGenerator[]>;

export type GeneratedValues = Record<string, unknown>;

/** The `type` Entra gives every app role it sends (ED-ATTR U-15). */
export const APP_ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

export function runPrefix(runId: string): string {
  return `scimconf-${runId}-`;
}

/**
 * `@faker-js/faker` itself loads all of its ~70 locales (about 400 ms and 40 MiB at start-up); the English
 * entry loads one, but exports only a shared instance. Its class gives every run a Faker of its own, so
 * runs in one process never share a random sequence. Same definitions (English, base fallback), same values.
 */
const EnglishFaker = englishFaker.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;

/** A user made from a class of the identity catalogue (fixtures/identities/): its values and the class it shows. */
export interface IdentityUser {
  classId: string;
  /** The class's label, what a failure report names: "fails for <label>". */
  label: string;
  values: GeneratedValues;
}

/** Objects one case may generate before its numbers would run into the next case's. */
const SEQUENCE_PER_CASE = 1000;
/** Keeps a case's identity seeds apart from its ordinary ones. */
const IDENTITY_SEED_OFFSET = 0x40000000;

export class TestData {
  readonly prefix: string;
  private readonly faker: Faker;
  private sequence: number;
  /**
   * Hard identities draw from a faker and a picker of their own, so adding or reordering identity cases
   * leaves every ordinary user of the run (and of earlier runs with the same seed) as it was.
   */
  private readonly identityFaker: Faker;
  private readonly identityPick: () => number;
  private identitySequence: number;
  /** Set on a case's own view (forCase): the fakers are seeded afresh from it for every object. */
  private readonly caseSeed: number | undefined;

  constructor(
    readonly options: TestDataOptions,
    view?: { faker: Faker; identityFaker: Faker; caseIndex: number },
  ) {
    this.prefix = runPrefix(options.runId);
    if (view === undefined) {
      this.faker = new EnglishFaker({ locale: englishFaker.rawDefinitions });
      this.faker.seed(options.seed);
      this.identityFaker = new EnglishFaker({ locale: englishFaker.rawDefinitions });
      this.identityFaker.seed(options.seed + 1);
      this.identityPick = seededRandom(options.seed);
      this.sequence = 0;
      this.identitySequence = 0;
      this.caseSeed = undefined;
    } else {
      this.faker = view.faker;
      this.identityFaker = view.identityFaker;
      this.sequence = (view.caseIndex + 1) * SEQUENCE_PER_CASE;
      this.identitySequence = (view.caseIndex + 1) * SEQUENCE_PER_CASE;
      this.caseSeed = mixSeed(options.seed, view.caseIndex + 1);
      this.identityPick = seededRandom(mixSeed(this.caseSeed, IDENTITY_SEED_OFFSET));
    }
  }

  /**
   * The data of one case of the plan (its index there): the same values whichever cases ran before it or
   * beside it, so a run with several cases at a time creates what a run with one at a time creates. Shares
   * this run's fakers (one is costly to build) and seeds them for each object, generated synchronously.
   */
  forCase(caseIndex: number): TestData {
    return new TestData(this.options, { faker: this.faker, identityFaker: this.identityFaker, caseIndex });
  }

  /** The number of the next ordinary object; a case's own view seeds the shared faker for it. */
  private next(): number {
    const n = ++this.sequence;
    if (this.caseSeed !== undefined) this.faker.seed(mixSeed(this.caseSeed, n));
    return n;
  }

  /** The number of the next identity; a case's own view seeds the shared identity faker for it. */
  private nextIdentity(): number {
    const n = ++this.identitySequence;
    if (this.caseSeed !== undefined) this.identityFaker.seed(mixSeed(this.caseSeed, IDENTITY_SEED_OFFSET + n));
    return n;
  }

  /** Values for every generator a user mapping can name. */
  user(): GeneratedValues {
    const n = this.next();
    return this.userFrom(this.faker, n, String(n));
  }

  /**
   * Users of one identity class: every sample of a class whose samples live side by side (`together`),
   * else the one sample the seed picks. Generators the class does not name get ordinary values.
   */
  identityUsers(classId: string): IdentityUser[] {
    const identity = identityClass(classId);
    const samples = identity.together === true ? identity.samples : [identity.samples[Math.floor(this.identityPick() * identity.samples.length)]!];
    // Neighbours share their `{{n}}`, so one's userName is a prefix of the other's (…idn7-jo@, …idn7-joan@).
    const shared = identity.together === true ? `idn${++this.identitySequence}` : undefined;
    return samples.map((sample) => {
      const n = this.nextIdentity();
      const tag = `idn${n}`;
      const base = this.userFrom(this.identityFaker, n, tag);
      const values = { ...base, ...renderSample(identity, sample, { prefix: this.prefix, runId: this.options.runId, n: shared ?? tag }) };
      // A formatted name follows the given and family names the class chose, as Entra's mapping builds it.
      if (sample.formattedName === undefined) values.formattedName = `${String(values.givenName)} ${String(values.familyName)}`;
      return { classId: identity.id, label: identity.label, values };
    });
  }

  /** `tag` makes the userName and mail unique: the sequence number (ordinary users) or `idn<n>` (identities). */
  private userFrom(faker: Faker, n: number, tag: string): GeneratedValues {
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    const slug = tag.startsWith('idn') ? `${tag}-${slugify(givenName)}.${slugify(familyName)}` : `${slugify(givenName)}.${slugify(familyName)}${tag}`;
    return {
      userName: `${this.prefix}${slug}@example.com`,
      active: true,
      displayName: `${givenName} ${familyName}`,
      givenName,
      familyName,
      formattedName: `${givenName} ${familyName}`,
      workEmail: `${slug}.${this.options.runId}@example.com`,
      mobilePhone: faker.phone.number({ style: 'international' }),
      workPhone: faker.phone.number({ style: 'international' }),
      externalId: `${this.prefix}${faker.string.uuid()}`,
      jobTitle: faker.person.jobTitle(),
      language: 'en-US',
      streetAddress: faker.location.streetAddress(),
      locality: faker.location.city(),
      region: faker.location.state({ abbreviated: true }),
      postalCode: faker.location.zipCode('#####'),
      country: 'US',
      employeeNumber: String(faker.number.int({ min: 100000, max: 999999 })),
      department: faker.commerce.department(),
      ...this.appRoleValues(tag === String(n) ? n : tag),
      ...this.extraValues('user', tag === String(n) ? n : tag, faker),
    };
  }

  /** Values for every generator a group mapping can name. */
  group(): GeneratedValues {
    const n = this.next();
    return {
      groupDisplayName: `${this.prefix}${this.faker.commerce.department()} ${this.faker.word.noun()} ${n}`,
      externalId: `${this.prefix}${this.faker.string.uuid()}`,
      ...this.extraValues('group', n),
    };
  }

  /**
   * Strings carry the run prefix and the object's sequence number, so a custom attribute that is the matching
   * attribute still identifies one object and is recognisably the run's.
   */
  private extraValues(kind: 'user' | 'group', n: number | string, faker: Faker = this.faker): GeneratedValues {
    const values: GeneratedValues = {};
    for (const generator of this.options.extra?.[kind] ?? []) {
      if (generator.constant !== undefined) values[generator.name] = generator.constant;
      else if (generator.type === 'boolean') values[generator.name] = true;
      else if (generator.type === 'integer') values[generator.name] = faker.number.int({ min: 1, max: 999999 });
      else if (generator.type === 'dateTime') values[generator.name] = faker.date.past({ years: 5 }).toISOString();
      else values[generator.name] = `${this.prefix}${n}-${faker.string.alphanumeric(8)}`;
    }
    return values;
  }

  /**
   * One app role assigned to the user: `appRole` as the legacy role PATCH encodes it (id, value, displayName;
   * ED-ATTR U-15) and `appRoleAssignments`, the `roles` value AppRoleAssignmentsComplex gives the create.
   * Built from the run id and sequence, not from faker, so adding them left every other generated value as it was.
   */
  private appRoleValues(n: number | string): GeneratedValues {
    const value = `${this.prefix}role-${n}`;
    const digest = createHash('sha256').update(value).digest('hex');
    // An app role's id is a GUID of the app's role definition; a hash of the role value stands in for it.
    const id = [digest.slice(0, 8), digest.slice(8, 12), digest.slice(12, 16), digest.slice(16, 20), digest.slice(20, 32)].join('-');
    const displayName = `Scimconf Role ${n}`;
    return {
      appRole: { id, value, displayName },
      appRoleAssignments: [{ primary: false, type: APP_ROLE_TYPE, displayName, value }],
    };
  }

  /** A fresh value that matches nothing, as Entra's Test Connection uses (a random GUID). */
  randomGuid(): string {
    return randomUUID();
  }
}

/** A 31-bit seed from two numbers (an FNV-1a style mix): different inputs, unrelated sequences. */
function mixSeed(seed: number, salt: number): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  hash = Math.imul(hash, 0x01000193) ^ (salt >>> 0);
  hash = Math.imul(hash, 0x01000193);
  return (hash >>> 1) & 0x7fffffff;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}
