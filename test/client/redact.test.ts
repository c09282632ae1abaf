import { describe, expect, it } from 'vitest';
import { REDACTED, createRedactor, redactHeaders } from '../../src/client/redact.ts';

describe('createRedactor', () => {
  const token = 'tok/en+S3cr3t=value';
  const redact = createRedactor([token]);

  it('replaces the raw secret and "Bearer <secret>" in any case', () => {
    expect(redact(`a ${token} b ${token}`)).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact(`Authorization: Bearer ${token}`)).toBe(`Authorization: ${REDACTED}`);
    expect(redact(`authorization: bearer  ${token}`)).toBe(`authorization: ${REDACTED}`);
  });

  it('replaces URL-encoded, JSON-escaped and base64 forms', () => {
    const encoded = encodeURIComponent(token);
    expect(encoded).not.toBe(token);
    expect(redact(`/Users?access_token=${encoded}&x=1`)).toBe(`/Users?access_token=${REDACTED}&x=1`);
    expect(redact('?t=tok%2fen%2bS3cr3t%3dvalue')).toBe(`?t=${REDACTED}`);
    const b64 = Buffer.from(token).toString('base64');
    expect(redact(`x ${b64} y`)).toBe(`x ${REDACTED} y`);
    expect(redact(Buffer.from(token).toString('base64url'))).toBe(REDACTED);
    const withQuote = createRedactor(['a"b\\c-secret']);
    expect(withQuote(JSON.stringify({ t: 'a"b\\c-secret' }))).toBe(`{"t":"${REDACTED}"}`);
  });

  it('finds the secret inside a larger base64 value (Basic user:secret) at any byte alignment', () => {
    for (const user of ['u', 'us', 'usr']) {
      const basic = Buffer.from(`${user}:${token}`).toString('base64');
      const out = redact(`Basic ${basic}`);
      expect(out).toContain(REDACTED);
      // What is left cannot be decoded back into the token.
      expect(Buffer.from(out.replace('Basic ', '').replace(REDACTED, ''), 'base64').toString('latin1')).not.toContain('S3cr3t');
    }
  });

  it('redacts short secrets too, and several secrets at once', () => {
    const short = createRedactor(['abc', 'xy', '']);
    expect(short('xabcx-xy')).toBe(`x${REDACTED}x-${REDACTED}`);
    expect(createRedactor([])('nothing to hide')).toBe('nothing to hide');
    expect(createRedactor([''])('still nothing')).toBe('still nothing');
  });

  it('treats regex metacharacters in the secret literally', () => {
    const meta = createRedactor(['a.b*c']);
    expect(meta('a.b*c axbbc')).toBe(`${REDACTED} axbbc`);
  });
});

describe('redactHeaders', () => {
  it('masks credential and cookie headers whatever the case, keeping the auth scheme', () => {
    const out = redactHeaders({
      AUTHORIZATION: 'Bearer abc',
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
      Cookie: 'session=1',
      'set-cookie': ['a=1', 'b=2'],
      'content-type': 'application/scim+json',
      'x-missing': undefined,
    });
    expect(out).toEqual({
      AUTHORIZATION: `Bearer ${REDACTED}`,
      'Proxy-Authorization': `Basic ${REDACTED}`,
      Cookie: REDACTED,
      'set-cookie': REDACTED,
      'content-type': 'application/scim+json',
    });
    expect(redactHeaders({ authorization: 'justatoken' }).authorization).toBe(REDACTED);
  });

  it('runs other header values through the redactor', () => {
    const redact = createRedactor(['s3cret-token']);
    expect(redactHeaders({ 'x-echo': 'got s3cret-token', location: '/x?t=s3cret-token' }, redact)).toEqual({
      'x-echo': `got ${REDACTED}`,
      location: `/x?t=${REDACTED}`,
    });
  });
});
