import { describe, expect, it } from 'vitest';
import { fillBody, fillPath, formEncode, placeholdersIn, TemplateError } from '../src/fixtures/template.ts';

describe('fixture templates', () => {
  it('form-encodes query values the way Entra puts them on the wire', () => {
    expect(fillPath('/Groups?excludedAttributes=members&filter=displayName+eq+%22{{v}}%22', { v: 'EDU All personal' })).toBe(
      '/Groups?excludedAttributes=members&filter=displayName+eq+%22EDU+All+personal%22',
    );
    expect(formEncode('a@b.com "x"')).toBe('a%40b.com+%22x%22');
  });

  it('percent-encodes values in the path part', () => {
    expect(fillPath('/Users/{{id}}', { id: 'a b/c' })).toBe('/Users/a%20b%2Fc');
  });

  it('keeps the JSON type of a whole-string placeholder and merges a spread object', () => {
    const body = fillBody({ a: '{{list}}', '...': '{{attrs}}', s: 'x-{{n}}' }, { list: [{ value: '1' }], attrs: { userName: 'u', active: true }, n: 3 });
    expect(body).toEqual({ a: [{ value: '1' }], userName: 'u', active: true, s: 'x-3' });
  });

  it("sends a key written after the spread as the fixture's default, unless the spread carries it", () => {
    const template = { '...': '{{attrs}}', meta: { resourceType: 'User' }, roles: [] };
    const mapped = fillBody(template, { attrs: { userName: 'u', roles: [{ value: 'Admin' }] } }) as Record<string, unknown>;
    expect(mapped).toEqual({ userName: 'u', meta: { resourceType: 'User' }, roles: [{ value: 'Admin' }] });
    expect(Object.keys(mapped)).toEqual(['userName', 'meta', 'roles']);
    expect(fillBody(template, { attrs: { userName: 'u' } })).toEqual({ userName: 'u', meta: { resourceType: 'User' }, roles: [] });
  });

  it('refuses a placeholder without a value', () => {
    expect(() => fillBody({ a: '{{missing}}' }, {})).toThrow(TemplateError);
    expect(() => fillPath('/Users/{{missing}}', {})).toThrow(/missing/);
  });

  it('lists placeholders in keys, values and nested arrays', () => {
    expect([...placeholdersIn({ path: '/x/{{a}}', body: { '{{b}}': ['{{c}}'] } })].sort()).toEqual(['a', 'b', 'c']);
  });
});
