/**
 * The hard-identity catalogue (fixtures/identities/) keeps the promises a run relies on: every class cites
 * known sources, every rendered user carries the run prefix where the safety guard looks for it, userNames
 * obey Entra's username policy (ED-UPN), names stay within Graph's lengths, mail domains are RFC 2606 ones,
 * and the values are reproducible from the seed without disturbing the run's ordinary users.
 */
import { describe, expect, it } from 'vitest';
import { identityClasses } from '../../src/data/identities.ts';
import { TestData } from '../../src/data/test-data.ts';
import { lookUpSourceKey, sourceKeyOf } from '../../src/fixtures/request-sources.ts';
import { nearMisses } from '../../src/cases/identities.ts';
import { caseOnlyRename } from '../../src/cases/lifecycles.ts';

const RUN = { seed: 20240601, runId: '0a1b2c3d' };
const everyUser = (data: TestData) => identityClasses().flatMap((entry) => data.identityUsers(entry.id));
const length = (text: unknown): number => [...String(text)].length;
const RFC2606 = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

describe('the identity catalogue', () => {
  it('has a label, uses and known sources for every class, and its id is its file name', () => {
    for (const entry of identityClasses()) {
      expect(entry.label.length).toBeGreaterThan(0);
      expect(entry.uses.length).toBeGreaterThan(0);
      expect(entry.samples.length).toBeGreaterThan(0);
      expect(entry.source.length).toBeGreaterThan(0);
      for (const source of entry.source) expect(lookUpSourceKey(sourceKeyOf(source)), `${entry.id}: ${source}`).toBeDefined();
    }
    expect(new Set(identityClasses().map((entry) => entry.id)).size).toBe(identityClasses().length);
  });

  it('covers the classes issue 21 names', () => {
    const ids = identityClasses().map((entry) => entry.id);
    for (const id of ['upn-special-characters', 'guest-original-upn', 'guest-stripped-upn', 'accented-precomposed', 'accented-decomposed', 'nordic', 'greek', 'cyrillic', 'cjk', 'right-to-left', 'apostrophe-hyphen-space', 'longest-values', 'subaddressed-mail', 'case-only-neighbours', 'prefix-neighbours', 'extension-near-miss']) {
      expect(ids).toContain(id);
    }
  });

  it('renders userNames that start with the run prefix and obey Entra\'s username policy', () => {
    const data = new TestData(RUN);
    for (const { classId, values } of everyUser(data)) {
      const userName = String(values.userName);
      expect(userName.startsWith(data.prefix), classId).toBe(true);
      const [local = '', domain = '', ...more] = userName.split('@');
      expect(more, classId).toEqual([]);
      expect(local, classId).toMatch(/^[A-Za-z0-9'.\-_!#^~]+$/);
      expect(local.endsWith('.'), classId).toBe(false);
      expect(local.length, classId).toBeLessThanOrEqual(64);
      expect(domain.length, classId).toBeLessThanOrEqual(48);
      expect(userName.length, classId).toBeLessThanOrEqual(113);
      expect(domain, classId).toMatch(RFC2606);
    }
  });

  it('keeps names within Graph\'s lengths and reaches them in the longest class', () => {
    const data = new TestData(RUN);
    for (const { classId, values } of everyUser(data)) {
      expect(length(values.displayName), classId).toBeLessThanOrEqual(256);
      expect(length(values.givenName), classId).toBeLessThanOrEqual(64);
      expect(length(values.familyName), classId).toBeLessThanOrEqual(64);
    }
    const [longest] = new TestData(RUN).identityUsers('longest-values');
    expect([length(longest!.values.userName), length(longest!.values.displayName), length(longest!.values.givenName), length(longest!.values.familyName)]).toEqual([113, 256, 64, 64]);
  });

  it('sends mail only to RFC 2606 domains', () => {
    for (const { classId, values } of everyUser(new TestData(RUN))) expect(String(values.workEmail).split('@')[1], classId).toMatch(RFC2606);
  });

  it('holds the decomposed names in NFD and the precomposed ones in NFC, as different text', () => {
    const data = new TestData(RUN);
    const [decomposed] = data.identityUsers('accented-decomposed');
    const [precomposed] = data.identityUsers('accented-precomposed');
    const name = String(decomposed!.values.displayName);
    expect(name).toBe(name.normalize('NFD'));
    expect(name).not.toBe(name.normalize('NFC'));
    expect(String(precomposed!.values.displayName)).toBe(String(precomposed!.values.displayName).normalize('NFC'));
  });

  it('creates neighbours side by side, each with its own userName', () => {
    const pair = new TestData(RUN).identityUsers('prefix-neighbours').map((user) => String(user.values.userName));
    expect(pair).toHaveLength(2);
    expect(pair[1]!.split('@')[0]!.startsWith(pair[0]!.split('@')[0]!)).toBe(true);
    expect(pair[1]).not.toBe(pair[0]);
  });

  it('is reproducible from the seed and leaves the ordinary users as they were', () => {
    const first = everyUser(new TestData(RUN)).map((user) => user.values);
    const second = everyUser(new TestData(RUN)).map((user) => user.values);
    expect(second).toEqual(first);
    const plain = new TestData(RUN);
    const mixed = new TestData(RUN);
    everyUser(mixed);
    expect(mixed.user()).toEqual(plain.user());
  });
});

describe('near misses and case-only renames', () => {
  it('takes one character off, extends the value, and flips case only for a case-exact attribute', () => {
    expect(nearMisses('p-ann@example.com', false)).toEqual(['p-ann@example.co', 'p-ann@example.com.example']);
    expect(nearMisses('p-ann@example.com', true)).toContain('P-ANN@EXAMPLE.COM');
  });

  it('flips the case after the run prefix and keeps the prefix as it is', () => {
    const renamed = caseOnlyRename('scimconf-0a1b2c3d-Ann.lee@example.com', 'scimconf-0a1b2c3d-');
    expect(renamed).toBe('scimconf-0a1b2c3d-aNN.LEE@EXAMPLE.COM');
    expect(renamed.toLowerCase()).toBe('scimconf-0a1b2c3d-ann.lee@example.com');
  });
});
