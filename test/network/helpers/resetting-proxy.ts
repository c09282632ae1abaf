/**
 * A flaky network of our own, on loopback: an HTTP proxy in front of a target that can lose answers the way
 * load balancers with short idle timeouts and overloaded gateways do. A lost answer is forwarded first and
 * read in full from the target (so the request took effect), and then, instead of being relayed, the
 * client's connection is reset. It can also reset without forwarding (a burst of resets), and go down
 * altogether (connections refused) and come back on the same port.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../../../src/data/seeded-random.ts';

/** What happens to one request: relayed, forwarded then its answer lost, or reset before it is forwarded. */
export type Fate = 'relay' | 'lose-answer' | 'reset-before';

export interface ProxiedRequest {
  /** 1 for the first request the proxy saw. */
  index: number;
  method: string;
  /** Path and query as received, e.g. `/scim/v2/Users?filter=…`. */
  url: string;
}

export interface ResettingProxy {
  /** The proxy's base URL with the target's path, e.g. `http://127.0.0.1:4711/scim/v2`. */
  baseUrl: string;
  /** Decides each request's fate; replace it at any time. */
  fate: (request: ProxiedRequest) => Fate;
  /** Called once an answer has been lost (the target answered, the client's connection was reset). */
  afterLost: (request: ProxiedRequest) => void;
  /** Every request seen, with what was done to it. */
  readonly log: Array<ProxiedRequest & { fate: Fate }>;
  /** Stops listening and resets every open connection: the next connect is refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Deterministic (mulberry32), so that a seed reproduces the same lost answers; shared with the load scenario. */
export { seededRandom };

/** Loses about one answer in `n`, reproducibly for a seed. */
export function loseOneIn(n: number, seed: number): (request: ProxiedRequest) => Fate {
  const random = seededRandom(seed);
  return () => (random() < 1 / n ? 'lose-answer' : 'relay');
}

export async function startResettingProxy(targetBaseUrl: string): Promise<ResettingProxy> {
  const target = new URL(targetBaseUrl);
  const sockets = new Set<Socket>();
  let seen = 0;
  let port = 0;
  let server: Server | undefined;

  const proxy: ResettingProxy = {
    baseUrl: '',
    fate: () => 'relay',
    afterLost: () => undefined,
    log: [],
    down: async () => {
      const closing = server;
      server = undefined;
      if (closing === undefined) return;
      for (const socket of sockets) socket.resetAndDestroy();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    up: async () => {
      if (server !== undefined) return;
      server = await listen(port);
    },
    close: () => proxy.down(),
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    seen += 1;
    const request: ProxiedRequest = { index: seen, method: req.method ?? 'GET', url: req.url ?? '/' };
    const fate = proxy.fate(request);
    proxy.log.push({ ...request, fate });
    if (fate === 'reset-before') {
      req.resume();
      req.socket.resetAndDestroy();
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          // The target has answered in full: the request took effect. Now lose the answer, or relay it.
          if (fate === 'lose-answer') {
            req.socket.resetAndDestroy();
            proxy.afterLost(request);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };

  const listen = async (wanted: number): Promise<Server> => {
    const created = createServer(handle);
    created.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(wanted, '127.0.0.1', () => resolve());
    });
    return created;
  };

  server = await listen(0);
  port = (server.address() as AddressInfo).port;
  proxy.baseUrl = `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`;
  return proxy;
}
