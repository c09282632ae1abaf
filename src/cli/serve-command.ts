/** `scim-conformance serve`: the embedded reference server on its own, for trying other tools against it. */
import { ConfigError } from '../config.ts';
import { faultCatalogue, toleratedVariants, variantMiddleware } from '../faults/catalogue.ts';
import { startReferenceServer } from '../server/http.ts';
import type { ReferenceServerOptions } from '../server/types.ts';

export interface ServeOptions {
  port?: string;
  host?: string;
  token?: string;
  /** A fault or tolerated variant by name (src/faults/): the server misbehaves in exactly that one way. */
  fault?: string;
  listFaults?: boolean;
}

export async function serveCommand(options: ServeOptions): Promise<number> {
  if (options.listFaults) {
    for (const variant of [...faultCatalogue, ...toleratedVariants]) {
      process.stdout.write(`${variant.name.padEnd(38)} ${'tolerated' in variant && variant.tolerated ? 'tolerated' : 'fault    '} ${variant.description}\n`);
    }
    return 0;
  }
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a port number, got ${JSON.stringify(options.port)}`);
  const serverOptions: ReferenceServerOptions = { port, host: options.host ?? '127.0.0.1' };
  if (options.token) serverOptions.token = options.token;
  if (options.fault) {
    try {
      serverOptions.middleware = [variantMiddleware(options.fault)];
    } catch (error) {
      throw new ConfigError(`--fault: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const server = await startReferenceServer(serverOptions).catch((error: unknown) => {
    throw listenError(error, serverOptions.host ?? '127.0.0.1', options.port);
  });
  process.stdout.write(`reference SCIM server listening at ${server.baseUrl}${options.fault ? ` (variant: ${options.fault})` : ''}\n`);
  // The token is printed only when the server generated it: the user needs it, and it is this process's own.
  if (!options.token) process.stdout.write(`bearer token: ${server.token}\n`);
  process.stdout.write('press Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

/** Why the server could not listen, as one line naming the flag to change (a usage error, exit 2). */
function listenError(error: unknown, host: string, port: string | undefined): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}${port === undefined ? '' : `:${port}`}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError(`--port ${port}: the port is already in use on ${host} (EADDRINUSE); choose another port, or leave --port out for a free one`);
    case 'EADDRNOTAVAIL':
      return new ConfigError(`--host ${host}: no interface of this machine has that address (EADDRNOTAVAIL); use 127.0.0.1, 0.0.0.0 or one of this machine's addresses`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`--host ${host}: the name does not resolve (${code}); give an address or a name this machine resolves`);
    case 'EACCES':
      return new ConfigError(`cannot listen on ${where}: permission denied (EACCES); ports below 1024 need privileges, choose a port above 1023`);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
