/**
 * Filter parser and evaluator (RFC 7644 §3.4.2.2) including what Entra sends: `+`-decoded spaces inside
 * quoted values, value paths with a trailing sub-attribute, unquoted values, capitalised names.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter, matchesFilter } from '../../src/server/filter-eval.ts';
import { parseFilter, parsePatchPath } from '../../src/server/filter.ts';
import { ScimError } from '../../src/server/errors.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const bjensen = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'Bjensen-701984',
  userName: 'Bjensen@Example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  active: false,
  emails: [
    { type: 'work', value: 'bjensen@example.com', primary: true },
    { type: 'home', value: 'babs@jensen.org' },
  ],
  roles: [],
  [ENTERPRISE]: { employeeNumber: '701984', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
};

const group = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'EDU All personal',
  members: [{ value: 'AbC-1', type: 'User' }],
  meta: { resourceType: 'Group' },
};

const user = (filter: string): boolean => matchesFilter(bjensen, compileFilter(filter, 'User'), 'User');
const grp = (filter: string): boolean => matchesFilter(group, compileFilter(filter, 'Group'), 'Group');

function filterError(text: string): ScimError {
  try {
    compileFilter(text, 'User');
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseFilter', () => {
  it('parses a simple comparison into path, operator and value', () => {
    expect(parseFilter('userName eq "bjensen"')).toEqual({ kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'bjensen' });
  });

  it('reads operators and logical keywords case-insensitively', () => {
    const ast = parseFilter('userName EQ "a" AND Not (title Pr)');
    expect(ast).toEqual({
      kind: 'and',
      left: { kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'a' },
      right: { kind: 'not', filter: { kind: 'present', path: { attr: 'title' } } },
    });
  });

  it('gives "and" precedence over "or"', () => {
    const ast = parseFilter('title pr or userName eq "a" and displayName eq "b"');
    expect(ast.kind).toBe('or');
    expect(ast.kind === 'or' && ast.right.kind).toBe('and');
  });

  it('parses a value path with a trailing sub-attribute into one element condition', () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
        right: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: 'a@b.c' },
      },
    });
  });

  it('parses URN-qualified attribute paths, including the core URN prefix', () => {
    expect(parseFilter(`${ENTERPRISE}:employeeNumber eq "1"`)).toMatchObject({ path: { urn: ENTERPRISE, attr: 'employeeNumber' } });
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "1"`)).toMatchObject({ path: { urn: ENTERPRISE, attr: 'manager', sub: 'value' } });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"')).toMatchObject({ path: { attr: 'userName' } });
  });

  it('reads true, false, null and numbers as literals, and decodes JSON string escapes', () => {
    expect(parseFilter('active eq True')).toMatchObject({ value: true });
    expect(parseFilter('active eq false')).toMatchObject({ value: false });
    expect(parseFilter('title eq null')).toMatchObject({ value: null });
    expect(parseFilter('x eq -1.5e2')).toMatchObject({ value: -150, raw: '-1.5e2' });
    expect(parseFilter('title eq "say \\"hi\\" \\u00e9"')).toMatchObject({ value: 'say "hi" é' });
  });

  it('tolerates an unquoted bare value, as Microsoft documents (externalId eq jyoung)', () => {
    expect(parseFilter('externalId eq jyoung')).toEqual({ kind: 'compare', path: { attr: 'externalId' }, op: 'eq', value: 'jyoung', raw: 'jyoung' });
  });

  it.each([
    ['', 'empty'],
    ['userName eq', 'missing value'],
    ['userName xx "a"', 'unknown operator'],
    ['(userName eq "a"', 'unclosed parenthesis'],
    ['userName eq "a")', 'stray parenthesis'],
    ['emails[type eq "work"', 'unclosed bracket'],
    ['emails[type[value eq "x"] eq "y"]', 'nested value filter'],
    ['userName eq "unterminated', 'unterminated string'],
    ['userName eq "a" and', 'dangling and'],
    ['user..name eq "a"', 'malformed path'],
    ['name.givenName.x eq "a"', 'too deep a path'],
  ])('rejects %j (%s) with 400 invalidFilter', (text) => {
    const error = filterError(text);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
  });
});

describe('compileFilter static checks', () => {
  it('rejects ordering operators on boolean attributes', () => {
    expect(filterError('active gt "a"').scimType).toBe('invalidFilter');
  });

  it('rejects substring and ordering operators with a boolean or null operand', () => {
    expect(filterError('title co true').scimType).toBe('invalidFilter');
    expect(filterError('title gt null').scimType).toBe('invalidFilter');
  });
});

describe('matchesFilter', () => {
  it('compares userName case-insensitively (caseExact false)', () => {
    expect(user('userName eq "bjensen@example.COM"')).toBe(true);
  });

  it('compares id and externalId case-sensitively (caseExact true)', () => {
    expect(user('id eq "2819c223-7f76-453a-919d-413861904646"')).toBe(true);
    expect(user('id eq "2819C223-7F76-453A-919D-413861904646"')).toBe(false);
    expect(user('externalId eq "Bjensen-701984"')).toBe(true);
    expect(user('externalId eq "bjensen-701984"')).toBe(false);
  });

  it('compares members.value case-sensitively but displayName insensitively', () => {
    expect(grp('members.value eq "AbC-1"')).toBe(true);
    expect(grp('members.value eq "abc-1"')).toBe(false);
    expect(grp('displayName eq "edu all PERSONAL"')).toBe(true);
  });

  it('matches attribute names case-insensitively', () => {
    expect(user('USERNAME eq "bjensen@example.com"')).toBe(true);
    expect(user('Name.GivenName eq "barbara"')).toBe(true);
  });

  it('matches quoted values containing spaces', () => {
    expect(grp('displayName eq "EDU All personal"')).toBe(true);
  });

  it('supports co, sw, ew, case-insensitively for caseExact false', () => {
    expect(user('userName co "EXAMPLE"')).toBe(true);
    expect(user('userName sw "bjen"')).toBe(true);
    expect(user('userName ew ".com"')).toBe(true);
    expect(user('userName ew ".org"')).toBe(false);
  });

  it('supports gt, ge, lt, le on strings and on dateTime as instants', () => {
    expect(user('title gt "A"')).toBe(true);
    expect(user('title lt "A"')).toBe(false);
    expect(user('meta.lastModified gt "2011-05-13T04:42:33Z"')).toBe(true);
    expect(user('meta.lastModified ge "2011-05-13T04:42:34.000Z"')).toBe(true);
    expect(user('meta.lastModified le "2011-05-13T04:42:34.000Z"')).toBe(true);
    expect(user('meta.created lt "2010-01-01T00:00:00Z"')).toBe(false);
  });

  it('treats ne as true when the attribute is absent, false when equal', () => {
    expect(user('nickName ne "x"')).toBe(true);
    expect(user('title ne "tour guide"')).toBe(false);
  });

  it('matches a disabled user by active eq false (boolean, also as "False" text)', () => {
    expect(user('active eq false')).toBe(true);
    expect(user('active eq "False"')).toBe(true);
    expect(user('active eq true')).toBe(false);
  });

  it('answers pr by non-empty value, so an empty roles array is not present', () => {
    expect(user('title pr')).toBe(true);
    expect(user('nickName pr')).toBe(false);
    expect(user('roles pr')).toBe(false);
    expect(user('emails pr')).toBe(true);
  });

  it('reads eq null as "not present" and ne null as "present"', () => {
    expect(user('nickName eq null')).toBe(true);
    expect(user('title eq null')).toBe(false);
    expect(user('title ne null')).toBe(true);
  });

  it('matches any value of a multi-valued attribute', () => {
    expect(user('emails.value eq "babs@jensen.org"')).toBe(true);
    expect(user('emails.type eq "other"')).toBe(false);
    expect(user('emails co "jensen.org"')).toBe(true);
  });

  it('evaluates the Entra work-email query on the same element', () => {
    expect(user('emails[type eq "work"].value eq "BJENSEN@example.com"')).toBe(true);
    expect(user('emails[type eq "work"].value eq "babs@jensen.org"')).toBe(false);
    expect(user('emails[type eq "work" and value co "@example"]')).toBe(true);
    expect(user('emails[type eq "home" and primary eq true]')).toBe(false);
  });

  it('evaluates URN-qualified extension attributes', () => {
    expect(user(`${ENTERPRISE}:employeeNumber eq "701984"`)).toBe(true);
    expect(user(`${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toBe(true);
  });

  it('answers the legacy reference check "id eq … and manager eq …" (manager without URN)', () => {
    expect(user('id eq 2819c223-7f76-453a-919d-413861904646 and manager eq 26118915-6090-4610-87e4-49d8ca9f808d')).toBe(true);
    expect(user('id eq 2819c223-7f76-453a-919d-413861904646 and manager eq 00000000-0000-0000-0000-000000000000')).toBe(false);
  });

  it('compares an unquoted value textually against a string attribute', () => {
    const resource = { ...bjensen, externalId: '123' };
    expect(matchesFilter(resource, parseFilter('externalId eq 123'), 'User')).toBe(true);
    expect(user('externalId eq Bjensen-701984')).toBe(true);
  });

  it('combines and, or, not and parentheses', () => {
    expect(user('(title eq "x" or userName sw "b") and not (active eq true)')).toBe(true);
    expect(user('not(emails[type eq "work"])')).toBe(false);
    expect(user('title eq "x" or title eq "y"')).toBe(false);
  });

  it('infers the resource type from schemas when not given', () => {
    expect(matchesFilter(group, parseFilter('members eq "AbC-1"'))).toBe(true);
  });
});

describe('parsePatchPath', () => {
  it('splits a filtered path into attribute, filter and sub-attribute', () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: { attr: 'emails', sub: 'value' },
      filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
    });
  });

  it('parses URN-qualified and plain paths', () => {
    expect(parsePatchPath(`${ENTERPRISE}:department`)).toEqual({ path: { urn: ENTERPRISE, attr: 'department' } });
    expect(parsePatchPath('name.familyName')).toEqual({ path: { attr: 'name', sub: 'familyName' } });
    expect(parsePatchPath('members[value eq "7f4b"]')).toMatchObject({ path: { attr: 'members' }, filter: { value: '7f4b' } });
  });

  it('rejects malformed paths with 400 invalidPath', () => {
    expect(() => parsePatchPath('emails[type eq "work"')).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }));
    expect(() => parsePatchPath('name givenName')).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
  });
});
