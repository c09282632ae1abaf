/**
 * What `run --help` says about the environment: the variables the run reads and the `.env` file, so a user
 * who never opened the README can still configure a run. Kept beside the flags, in the order of docs/configuration.md's
 * Configuration table.
 */
export const ENVIRONMENT_HELP = `
Environment (flags override it; a .env file in the current directory is read too, never overriding a variable already set):
  SCIM_BASE_URL    the target's SCIM base URL (Entra's Tenant URL); unset: the embedded reference server
  SCIM_TOKEN       the bearer token (Entra's Secret Token), without "Bearer "; required with SCIM_BASE_URL unless:
  SCIM_TOKEN_URL, SCIM_CLIENT_ID, SCIM_CLIENT_SECRET, SCIM_SCOPE  OAuth 2.0 client credentials (the secret is read only here)
  SCIM_PROFILE     akamai-eaa (default), akamai-eaa-email or entra-default
  SCIM_DIALECTS    legacy, compliant or all (default)
  SCIM_TIMEOUT_MS  per-request timeout in milliseconds (default 60000)
  SCIM_REPORT_DIR  where reports are written (default reports)
  SCIM_SEED        seed for generated test data (default random; the one used is in results.json)
  NODE_EXTRA_CA_CERTS  extra trusted CA certificates (as --ca); NO_COLOR  plain output`;
