import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to the embedded server, the akamai-eaa profile, both dialects and a 60 s timeout', () => {
    const config = loadConfig({});
    expect(config.baseUrl).toBeUndefined();
    expect(config.profileId).toBe('akamai-eaa');
    expect(config.dialects).toEqual(['legacy', 'compliant']);
    expect(config.timeoutMs).toBe(60_000);
  });

  it.each([
    [{ SCIM_BASE_URL: 'not a url', SCIM_TOKEN: 't' }, /SCIM_BASE_URL is not a valid URL/],
    [{ SCIM_BASE_URL: 'ftp://host/scim', SCIM_TOKEN: 't' }, /SCIM_BASE_URL must be an http/],
    [{ SCIM_BASE_URL: 'https://host/scim/v2' }, /SCIM_TOKEN is required/],
    [{ SCIM_PROFILE: 'okta' }, /SCIM_PROFILE "okta" is not a known profile/],
    [{ SCIM_DIALECTS: 'legacy,modern' }, /SCIM_DIALECTS must be/],
    [{ SCIM_TIMEOUT_MS: '-5' }, /SCIM_TIMEOUT_MS must be a positive/],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats URL credentials in an error', () => {
    expect(() => loadConfig({ SCIM_BASE_URL: 'https://user:s3cret@ho st/', SCIM_TOKEN: 't' })).toThrow(/^(?!.*s3cret)/);
  });

  it('trims a trailing slash and picks the listed dialects', () => {
    const config = loadConfig({ SCIM_BASE_URL: 'https://host/scim/v2/', SCIM_TOKEN: 'tok', SCIM_DIALECTS: 'compliant' });
    expect(config.baseUrl).toBe('https://host/scim/v2');
    expect(config.dialects).toEqual(['compliant']);
  });
});

describe('Tenant URL with the aadOptscim062020 flag', () => {
  it('takes the flag off the base URL and runs the compliant dialect', () => {
    const config = loadConfig({ SCIM_BASE_URL: 'https://host/scim/v2?aadOptscim062020', SCIM_TOKEN: 't' });
    expect(config.baseUrl).toBe('https://host/scim/v2');
    expect(config.dialects).toEqual(['compliant']);
  });

  it('keeps explicitly chosen dialects', () => {
    const config = loadConfig({ SCIM_BASE_URL: 'https://host/scim/v2/?aadOptscim062020', SCIM_TOKEN: 't', SCIM_DIALECTS: 'all' });
    expect(config.dialects).toEqual(['legacy', 'compliant']);
  });

  it('refuses any other query string', () => {
    expect(() => loadConfig({ SCIM_BASE_URL: 'https://host/scim/v2?tenant=1', SCIM_TOKEN: 't' })).toThrow(/must not carry a query string/);
  });

  it('names the flag instead of the variable when a label is given', () => {
    expect(() => loadConfig({ SCIM_BASE_URL: 'nope', SCIM_TOKEN: 't' }, { SCIM_BASE_URL: '--base-url' })).toThrow(/^--base-url is not a valid URL/);
  });
});
