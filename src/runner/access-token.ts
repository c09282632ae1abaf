/**
 * With client credentials, the first token is asked for before anything else: a token endpoint that gives
 * none stops the run (or load, or cleanup) like a refused bearer token, with one line and exit code 3.
 */
import { TokenEndpointError, type AccessTokenSource } from '../client/oauth.ts';
import { PreflightError } from './preflight.ts';

export async function firstAccessToken(accessTokens: AccessTokenSource | undefined): Promise<void> {
  if (accessTokens === undefined) return;
  try {
    await accessTokens.get();
  } catch (error) {
    if (error instanceof TokenEndpointError) throw new PreflightError(`credentials rejected: ${error.message}`, 'credentials');
    throw error;
  }
}
