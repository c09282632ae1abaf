import { describe, expect, it } from 'vitest';
import { ConfigError, configure, plannedCases } from '../src/config.ts';
import { readCommandLine, type CommandLineFlags, type Environment } from '../src/config/command-line.ts';

/** What `run` builds from the environment and its flags: one Connection, one Plan. */
function loadConfig(env: Environment, flags: CommandLineFlags = {}) {
  const { settings, names } = readCommandLine(flags, env);
  const { connection, plan } = configure(settings, names);
  return { baseUrl: connection.baseUrl, profileId: plan.profile.id, dialects: plan.dialects, timeoutMs: connection.timeoutMs, connection, plan };
}

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
    expect(() => loadConfig({ SCIM_TOKEN: 't' }, { baseUrl: 'nope' })).toThrow(/^--base-url is not a valid URL/);
  });
});

describe('one Connection and one Plan', () => {
  it('takes flags over the environment and names the flag in errors', () => {
    const config = loadConfig({ SCIM_TIMEOUT_MS: '5', SCIM_BASE_URL: 'https://env/scim' }, { timeout: '7', baseUrl: 'https://flag/scim', token: 't' });
    expect(config.connection.timeoutMs).toBe(7);
    expect(config.baseUrl).toBe('https://flag/scim');
    expect(() => loadConfig({}, { timeout: 'soon' })).toThrow(/^--timeout must be a positive whole number/);
    expect(() => loadConfig({}, { baseUrl: 'https://host/scim' })).toThrow(/^SCIM_TOKEN is required when --base-url is set/);
  });

  it('paces a remote target at 25 requests per second and leaves the embedded server unpaced', () => {
    expect(loadConfig({ SCIM_BASE_URL: 'https://host/scim', SCIM_TOKEN: 't' }).connection.ratePerSecond).toBe(25);
    expect(loadConfig({ SCIM_BASE_URL: 'https://host/scim', SCIM_TOKEN: 't' }, { rate: '0' }).connection.ratePerSecond).toBeUndefined();
    expect(loadConfig({}).connection.ratePerSecond).toBeUndefined();
  });

  it('makes one redactor from the token, a random one for the embedded server', () => {
    const remote = loadConfig({ SCIM_BASE_URL: 'https://host/scim', SCIM_TOKEN: 'sekrit-token-123' }).connection;
    expect(remote.redact('Bearer sekrit-token-123')).not.toContain('sekrit-token-123');
    const embedded = loadConfig({}).connection;
    expect(embedded.embedded).toBe(true);
    expect(embedded.token.length).toBeGreaterThan(20);
    expect(embedded.redact(`x ${embedded.token}`)).not.toContain(embedded.token);
  });

  it('takes the Bearer prefix off a pasted token, with a warning', () => {
    const { settings, warnings } = readCommandLine({ token: 'Bearer abc' }, {});
    expect(settings.token).toBe('abc');
    expect(warnings).toEqual([expect.stringMatching(/^warning: --token starts with "Bearer "/)]);
  });

  it('plans the cases once, from the selection, the dialects and the mode', () => {
    const { plan } = loadConfig({ SCIM_DIALECTS: 'legacy' }, { skip: ['groups'], readOnly: true });
    const full = plannedCases({ skip: ['groups'] }, ['legacy'], false, plan.profile);
    expect(plan.cases.length).toBeGreaterThan(0);
    expect(plan.cases.length).toBeLessThan(full.length);
    expect(plan.cases).toEqual(plannedCases({ skip: ['groups'] }, ['legacy'], true, plan.profile));
    expect(plan.mode).toEqual({ readOnly: true, dryRun: false, strict: false });
    expect(() => loadConfig({}, { only: ['USR-GTE-01'] })).toThrow(/--only/);
  });
});

describe('.env that cannot be read (issue 19: accepted silently, then the token was blamed)', () => {
  it('names the line, never quotes it, and accepts what dotenv reads', async () => {
    const { checkEnvironmentFile } = await import('../src/config/command-line.ts');
    expect(() => checkEnvironmentFile('.env', 'this is not valid\n')).toThrow(/^\.env line 1 is not NAME=value/);
    expect(() => checkEnvironmentFile('.env', '# ok\n\n=oops\n')).toThrow(/^\.env line 3 is not NAME=value/);
    expect(() => checkEnvironmentFile('.env', 'SCIM_TOKEN="unterminated\n')).toThrow(/^\.env line 1: the " quote opened there is never closed$/);
    expect(() => checkEnvironmentFile('.env', 'SCIM_TOKEN s3cr3t-value\n')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }));
    expect(() => checkEnvironmentFile('.env', '# c\nexport SCIM_BASE_URL=https://h/scim/v2\nSCIM_TOKEN="a\nb"\nSCIM_SEED=\n')).not.toThrow();
  });
});
