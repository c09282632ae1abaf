/**
 * Opens the one way a run (or the cleanup command) reaches a target: ScimClient → Pacer (rate, 429/503
 * retries) → non-SCIM answers as errors → resends after transport faults where safe → the safety guard over
 * the ledger (which resolves lost create and PATCH answers). Both callers build it here so
 * neither can end up with an unguarded or unpaced path to the network.
 */
import type { Dispatcher } from 'undici';
import { AccessTokenSource, openTokenEndpoint, type ClientCredentials, type TokenEndpoint } from '../client/oauth.ts';
import { ScimClient } from '../client/scim-client.ts';
import type { HttpResult, OutgoingRequest } from '../model/transport.ts';
import { Pacer } from '../client/pacing.ts';
import { createGuard } from '../safety/guard.ts';
import type { Ledger } from '../safety/ledger.ts';
import type { Redact } from '../safety/redact.ts';
import { newNetworkStats, retryingTransport, type NetworkStats } from '../safety/retrying-transport.ts';
import { networkTransport, type Transport } from '../safety/transport.ts';

export interface GuardedTransportOptions {
  baseUrl: string;
  token: string;
  /** OAuth 2.0 client credentials: each request carries the token endpoint's current token instead of `token`. */
  credentials?: ClientCredentials | undefined;
  timeoutMs: number;
  ca?: string | Buffer | undefined;
  ratePerSecond?: number | undefined;
  maxRetries?: number | undefined;
  maxRetryWaitMs?: number | undefined;
  ledger: Ledger;
  readOnly: boolean;
  /** The run's one redactor (src/config.ts makes it from the token), for the client and the replies alike; learns each access token. */
  redact: Redact & { add?: (secret: string) => void };
  /**
   * Sends one request instead of this package's HTTP client, under the same pacing, answer checks and guard:
   * a load engine's own HTTP (the Artillery processor, src/load/artillery/tenant.ts) plugs in here.
   */
  send?: (request: OutgoingRequest) => Promise<HttpResult>;
  /** The client's way to the target when it is not the network (the embedded run's in-process server). */
  dispatcher?: Dispatcher | undefined;
}

export interface GuardedTransport {
  transport: Transport;
  /** Retries and recovered answers so far. */
  network: NetworkStats;
  /** With client credentials: the run's access token (fetch it first to turn a refusal into one clear line). */
  accessTokens?: AccessTokenSource;
  /** With client credentials: the token endpoint itself, for the checks that judge it (src/cases/oauth.ts). */
  tokenEndpoint?: TokenEndpoint;
  close(): Promise<void>;
}

export function openGuardedTransport(options: GuardedTransportOptions): GuardedTransport {
  const { redact, credentials } = options;
  const tokenEndpoint =
    credentials === undefined
      ? undefined
      : openTokenEndpoint({ tokenUrl: credentials.tokenUrl, timeoutMs: options.timeoutMs, ca: options.ca, redact });
  const accessTokens = credentials === undefined || tokenEndpoint === undefined ? undefined : new AccessTokenSource(credentials, tokenEndpoint);
  const client = new ScimClient({
    baseUrl: options.baseUrl,
    token: options.token,
    ...(accessTokens === undefined ? {} : { accessToken: () => accessTokens.get() }),
    redact,
    timeoutMs: options.timeoutMs,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
  });
  const send = options.send ?? ((request: OutgoingRequest) => client.send(request));
  const pacer = new Pacer(send, {
    ...(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.maxRetryWaitMs === undefined ? {} : { maxRetryWaitMs: options.maxRetryWaitMs }),
  });
  const network = newNetworkStats();
  const wire = retryingTransport(networkTransport(pacer, options.baseUrl, redact), network);
  const transport = createGuard(wire, options.ledger, {
    readOnly: options.readOnly,
    prefix: options.ledger.header.prefix,
    network,
  });
  const close = async (): Promise<void> => {
    await Promise.all([client.close(), tokenEndpoint?.close()]);
  };
  return { transport, network, ...(accessTokens === undefined ? {} : { accessTokens }), ...(tokenEndpoint === undefined ? {} : { tokenEndpoint }), close };
}
